#include "providers/azure/azure_billing_source.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "db/duckdb.h"
#include "providers/azure/export_row_count.h"

namespace focusd {
namespace {

std::string FieldString(const nlohmann::json& fields, const char* key) {
  if (!fields.is_object() || !fields.contains(key) || !fields[key].is_string()) return "";
  return fields[key].get<std::string>();
}

std::string BaseName(const std::string& key) {
  size_t slash = key.rfind('/');
  return slash == std::string::npos ? key : key.substr(slash + 1);
}

std::string DirName(const std::string& key) {
  size_t slash = key.rfind('/');
  return slash == std::string::npos ? "" : key.substr(0, slash + 1);
}

void RemoveFiles(const std::vector<std::string>& paths) {
  std::error_code ec;
  for (const auto& p : paths) std::filesystem::remove(p, ec);
}

ConnectionStep Ok(const std::string& name, const std::string& message) { return {name, true, message, ""}; }
ConnectionStep Failed(const std::string& name, const std::string& message, const std::string& hint) {
  return {name, false, message, hint};
}

}  // namespace

Result<AzureSourceConfig> AzureSourceConfigFromFields(const nlohmann::json& fields) {
  AzureSourceConfig c;
  ASSIGN_OR_RETURN(c.cloud, ParseAzureRegion(FieldString(fields, "region")));
  c.storage_account = FieldString(fields, "storage_account");
  if (c.storage_account.empty()) return Status::InvalidArgument("Storage account is required", "storage_account");
  std::string path = FieldString(fields, "path");
  while (!path.empty() && path.front() == '/') path.erase(path.begin());
  while (!path.empty() && path.back() == '/') path.pop_back();
  size_t slash = path.find('/');
  c.container = path.substr(0, slash);
  c.folder = slash == std::string::npos ? "" : path.substr(slash + 1);
  if (c.container.empty()) return Status::InvalidArgument("Path must start with the container name", "path");
  AzureEndpointOverrides env = AzureEndpointOverridesFromEnv();
  c.overrides.blob_endpoint = FieldString(fields, "blob_endpoint");
  if (c.overrides.blob_endpoint.empty()) c.overrides.blob_endpoint = env.blob_endpoint;
  c.overrides.authority_host = FieldString(fields, "authority_host");
  if (c.overrides.authority_host.empty()) c.overrides.authority_host = env.authority_host;
  // An extra CA bundle for a storage endpoint behind a private CA (a TLS-inspecting proxy, or
  // an emulator with a self-signed certificate).
  if (const char* v = std::getenv("FOCUSD_AZURE_CA_FILE"); v && *v) c.ca_file = v;
  return c;
}

Result<std::unique_ptr<AzureBillingSource>> AzureBillingSource::Create(const AzureSourceConfig& config,
                                                                       const std::string& secret_kind,
                                                                       const nlohmann::json& secret_value,
                                                                       AzureSourceOptions options) {
  ASSIGN_OR_RETURN(AzureEndpoints endpoints,
                   ResolveAzureEndpoints(config.cloud, config.storage_account, config.overrides));
  AzureCredentialContext ctx;
  ctx.storage_account = config.storage_account;
  ctx.authority_host = endpoints.authority_host;
  ctx.storage_scope = endpoints.storage_scope;
  ctx.ca_file = config.ca_file;
  ctx.clock = options.clock;
  ctx.retry = options.retry;
  ASSIGN_OR_RETURN(std::unique_ptr<AzureBlobCredential> credential,
                   AzureBlobCredentialFromSecret(secret_kind, secret_value, ctx));
  AzureBlobStoreOptions so;
  so.endpoint = endpoints.blob_endpoint;
  so.container = config.container;
  so.ca_file = config.ca_file;
  so.retry = options.retry;
  so.max_results = options.list_page_size;
  auto store = std::make_unique<AzureBlobStore>(so, std::shared_ptr<AzureBlobCredential>(std::move(credential)));
  return std::unique_ptr<AzureBillingSource>(new AzureBillingSource(config, endpoints, std::move(store)));
}

AzureBillingSource::AzureBillingSource(AzureSourceConfig config, AzureEndpoints endpoints,
                                       std::unique_ptr<AzureBlobStore> store)
    : config_(std::move(config)), endpoints_(std::move(endpoints)), store_(std::move(store)) {}

std::string AzureBillingSource::Prefix() const { return config_.folder.empty() ? "" : config_.folder + "/"; }

Result<std::vector<ExportRun>> AzureBillingSource::ReadRuns(const std::vector<ObjectInfo>& listing) {
  // Per period folder, the three newest-written FocusCost manifests are enough to find the
  // newest run by submittedTime (runs can finish out of order); older ones are not read.
  constexpr size_t kCandidatesPerPeriod = 3;
  std::vector<ExportRun> runs;
  for (const auto& [folder_period, manifests] : ManifestsByFolderPeriod(FindAzureExportManifests(listing))) {
    size_t found = 0;
    for (const ObjectInfo& m : manifests) {
      if (!folder_period.empty() && found >= kCandidatesPerPeriod) break;
      ASSIGN_OR_RETURN(bool is_run, ReadRun(m, &runs));
      if (is_run) ++found;
    }
  }
  return runs;
}

Result<bool> AzureBillingSource::ReadRun(const ObjectInfo& m, std::vector<ExportRun>* runs) {
  // A manifest that cannot be read now fails the discovery (retried at the next sync)
  // rather than letting an older run win.
  ASSIGN_OR_RETURN(std::string text, store_->ReadAll(m.key));
  auto manifest = ParseExportManifest(text, m.key);
  if (!manifest.ok()) {
    spdlog::warn("azure: skipping export run: {}", manifest.status().message());
    return false;
  }
  if (!IsFocusCostExport(*manifest)) {
    spdlog::info("azure: ignoring {} (dataset {} is not FocusCost)", m.key, manifest->dataset_type);
    return false;
  }
  auto period = ExportBillingPeriod(*manifest, m.key);
  if (!period.ok()) {
    spdlog::warn("azure: skipping export run: {}", period.status().message());
    return false;
  }
  runs->push_back({m, std::move(*manifest), *period});
  return true;
}

Result<std::vector<PeriodDelivery>> AzureBillingSource::Discover() {
  ASSIGN_OR_RETURN(std::vector<ObjectInfo> listing, store_->List(Prefix()));
  std::map<std::string, ObjectInfo> keys;
  for (const auto& o : listing) keys[o.key] = o;
  std::vector<PeriodDelivery> out;
  ASSIGN_OR_RETURN(std::vector<ExportRun> runs, ReadRuns(listing));
  for (const ExportRun& run : NewestRunPerPeriod(std::move(runs))) {
    PeriodDelivery d;
    d.billing_period = run.billing_period;
    d.delivery_id = run.manifest_object.key + "#" + run.manifest_object.etag;
    int64_t rows = 0;
    bool rows_known = true;
    for (const auto& blob : run.manifest.blobs) {
      std::string key = ResolveManifestBlob(blob.blob_name, run.manifest_object.key, config_.container, keys);
      // A missing file is reported by Fetch, which checks the whole run before loading.
      d.files.push_back(key.empty() ? ObjectInfo{blob.blob_name, blob.byte_count, "", ""} : keys[key]);
      if (blob.row_count < 0) rows_known = false;
      rows += blob.row_count;
    }
    d.expected_rows = run.manifest.row_count >= 0 ? run.manifest.row_count : (rows_known ? rows : -1);
    d.format = d.files.empty() ? FileFormat::kAuto : ExportFileFormat(d.files.front().key);
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::vector<std::string>> AzureBillingSource::Fetch(const PeriodDelivery& delivery, const std::string& dir) {
  size_t hash = delivery.delivery_id.rfind('#');
  if (hash == std::string::npos) return Status::InvalidArgument("not an Azure delivery id: " + delivery.delivery_id);
  std::string manifest_key = delivery.delivery_id.substr(0, hash);
  std::string manifest_etag = delivery.delivery_id.substr(hash + 1);
  std::string run_name = store_->Describe() + "/" + manifest_key;

  // The run must still be the one Discover saw.
  ASSIGN_OR_RETURN(ObjectInfo manifest_object, store_->Stat(manifest_key));
  if (manifest_object.etag != manifest_etag)
    return Status::FailedPrecondition(run_name + " was rewritten since it was discovered; sync again");
  ASSIGN_OR_RETURN(std::string text, store_->ReadAll(manifest_key));
  ASSIGN_OR_RETURN(ExportManifest manifest, ParseExportManifest(text, run_name));

  // File list and sizes, against what storage holds now.
  if (manifest.blob_count >= 0 && manifest.blob_count != static_cast<int64_t>(manifest.blobs.size()))
    return Status::DataLoss(run_name + " says blobCount " + std::to_string(manifest.blob_count) + " but lists " +
                            std::to_string(manifest.blobs.size()) + " blobs");
  ASSIGN_OR_RETURN(std::vector<ObjectInfo> listing, store_->List(DirName(manifest_key)));
  std::map<std::string, ObjectInfo> keys;
  for (const auto& o : listing) keys[o.key] = o;
  std::vector<ObjectInfo> files;
  int64_t bytes = 0;
  for (const auto& blob : manifest.blobs) {
    std::string key = ResolveManifestBlob(blob.blob_name, manifest_key, config_.container, keys);
    if (key.empty()) {
      // Not beside the manifest: look it up where the manifest says.
      auto stat = store_->Stat(blob.blob_name);
      if (!stat.ok())
        return Status::DataLoss(run_name + " lists " + blob.blob_name + ", which is not in the container");
      key = stat->key;
      keys[key] = *stat;
    }
    const ObjectInfo& obj = keys[key];
    if (blob.byte_count >= 0 && obj.size != blob.byte_count)
      return Status::DataLoss(store_->Describe() + "/" + key + " is " + std::to_string(obj.size) +
                              " bytes but the manifest says " + std::to_string(blob.byte_count));
    bytes += obj.size;
    files.push_back(obj);
  }
  if (manifest.byte_count >= 0 && manifest.byte_count != bytes)
    return Status::DataLoss(run_name + " says byteCount " + std::to_string(manifest.byte_count) +
                            " but its blobs hold " + std::to_string(bytes) + " bytes");

  // Download, then count rows.
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::vector<std::string> paths;
  for (size_t i = 0; i < files.size(); ++i) {
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "%04zu-", i + 1);
    std::string path = dir + "/" + prefix + BaseName(files[i].key);
    paths.push_back(path);
    Status st = store_->Download(files[i], path);
    if (!st.ok()) {
      RemoveFiles(paths);
      return st;
    }
  }
  ASSIGN_OR_RETURN(auto db, DuckDatabase::Open(":memory:", 1));
  ASSIGN_OR_RETURN(auto conn, db->Connect());
  int64_t total = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    auto rows = CountExportFileRows(*conn, paths[i], ExportFileFormat(files[i].key));
    if (!rows.ok()) {
      RemoveFiles(paths);
      return Status::DataLoss(store_->Describe() + "/" + files[i].key + " cannot be read: " + rows.status().message());
    }
    int64_t want = manifest.blobs[i].row_count;
    if (want >= 0 && *rows != want) {
      RemoveFiles(paths);
      return Status::DataLoss(store_->Describe() + "/" + files[i].key + " has " + std::to_string(*rows) +
                              " data rows but the manifest says " + std::to_string(want) +
                              "; the period was not loaded");
    }
    total += *rows;
  }
  if (manifest.row_count >= 0 && total != manifest.row_count) {
    RemoveFiles(paths);
    return Status::DataLoss(run_name + " says dataRowCount " + std::to_string(manifest.row_count) +
                            " but its files hold " + std::to_string(total) + " rows; the period was not loaded");
  }
  return paths;
}

ConnectionReport AzureBillingSource::TestConnection() {
  ConnectionReport report;
  auto finish = [&](ConnectionStep step) {
    report.steps.push_back(std::move(step));
    report.ok = report.steps.back().ok;
    return report;
  };
  AzureBlobCredential& credential = store_->credential();
  std::string where = store_->Describe() + (config_.folder.empty() ? "" : "/" + config_.folder);

  if (credential.IsServicePrincipal()) {
    Status st = credential.Prepare();
    if (!st.ok()) {
      std::string hint = "check the tenant ID, client ID and client secret of the service principal";
      const std::string& m = st.message();
      if (m.find("AADSTS90002") != std::string::npos || m.find("AADSTS900023") != std::string::npos || st.field() == "tenant_id")
        hint = "check the Tenant ID (directory ID) of the service principal";
      else if (m.find("AADSTS700016") != std::string::npos)
        hint = "check the Client ID (application ID): the tenant has no such application";
      else if (m.find("AADSTS7000215") != std::string::npos)
        hint = "check the client secret: use the secret's Value, not its Secret ID";
      else if (m.find("AADSTS7000222") != std::string::npos)
        hint = "the client secret has expired: create a new one";
      else if (st.code() == StatusCode::kUnavailable)
        hint = "cannot reach " + endpoints_.authority_host + ": check the region and the network";
      return finish(Failed("Sign in to Entra ID", st.message(), hint));
    }
    report.steps.push_back(Ok("Sign in to Entra ID", "got a token for " + endpoints_.storage_scope));
  }

  auto listing = store_->List(Prefix());
  if (!listing.ok()) {
    const Status& st = listing.status();
    std::string hint;
    if (st.code() == StatusCode::kUnavailable)
      hint = "cannot reach " + endpoints_.blob_endpoint + ": check the storage account name and the region";
    else if (HasAzureErrorCode(st, "AuthorizationPermissionMismatch"))
      hint = credential.IsServicePrincipal()
                 ? "assign the Storage Blob Data Reader role on the storage account (or container) to the "
                   "service principal; role assignments can take a few minutes to apply"
                 : "the SAS token must allow read and list (sp=rl) on the container";
    else if (HasAzureErrorCode(st, "AuthorizationFailure"))
      // Azure answers a bad signature with AuthenticationFailed, Azurite with AuthorizationFailure;
      // both also cover an account firewall that refuses this client.
      hint = credential.Describe() == "Shared Key"
                 ? "the account key does not match storage account " + config_.storage_account +
                       " (or the account's firewall refuses this client)"
                 : "the storage account refuses this request (SAS permissions or expiry, firewall or network rules)";
    else if (HasAzureErrorCode(st, "ContainerNotFound"))
      hint = "no container '" + config_.container + "' in storage account " + config_.storage_account +
             ": check the path (container/folder)";
    else if (st.code() == StatusCode::kUnauthenticated)
      hint = credential.Describe() == "Shared Key"
                 ? "the account key does not match storage account " + config_.storage_account
                 : credential.Describe() == "SAS" ? "the SAS token is invalid or has expired"
                                                 : "the storage account refused the token";
    else if (st.code() == StatusCode::kNotFound)
      hint = "check the storage account name " + config_.storage_account;
    else
      hint = "check the storage account, the path and the secret";
    return finish(Failed("List path", st.message(), hint));
  }
  if (listing->empty())
    return finish(Failed("List path", "nothing under " + where,
                         "check the path (container/folder) the export writes to; the export may not have run yet"));
  report.steps.push_back(Ok("List path", std::to_string(listing->size()) + " blobs under " + where));

  std::vector<ObjectInfo> manifests = FindAzureExportManifests(*listing);
  if (manifests.empty())
    return finish(Failed("Find manifest", "no manifest.json under " + where,
                         "point the path at the folder of a Cost Management FOCUS export (container/folder)"));
  // The newest manifest by storage time is the one a sync would most likely read.
  const ObjectInfo* newest = &manifests.front();
  for (const auto& m : manifests)
    if (m.last_modified > newest->last_modified) newest = &m;
  report.steps.push_back(Ok("Find manifest", std::to_string(manifests.size()) + " export runs, newest " + newest->key));

  auto text = store_->ReadAll(newest->key);
  Result<ExportManifest> manifest = text.ok() ? ParseExportManifest(*text, newest->key) : Result<ExportManifest>(text.status());
  if (!manifest.ok())
    return finish(Failed("Read manifest", manifest.status().message(),
                         "the export's manifest cannot be read; check the Storage Blob Data Reader role or the SAS "
                         "read permission"));
  if (!IsFocusCostExport(*manifest))
    return finish(Failed("Read manifest", newest->key + " is a " + manifest->dataset_type + " export",
                         "create the export with the dataset type \"Cost and usage details (FOCUS)\""));
  report.steps.push_back(Ok("Read manifest", (manifest->dataset_type.empty() ? "export" : manifest->dataset_type) +
                                                 (manifest->dataset_version.empty() ? "" : " " + manifest->dataset_version) +
                                                 ", " + std::to_string(manifest->blobs.size()) + " files"));

  if (manifest->blobs.empty())
    return finish(Failed("Find part file", newest->key + " lists no files", "wait for the next export run"));
  std::map<std::string, ObjectInfo> keys;
  for (const auto& o : *listing) keys[o.key] = o;
  std::string part = ResolveManifestBlob(manifest->blobs.front().blob_name, newest->key, config_.container, keys);
  if (part.empty()) part = manifest->blobs.front().blob_name;
  auto stat = store_->Stat(part);
  if (!stat.ok())
    return finish(Failed("Find part file", stat.status().message(),
                         "the manifest's files are missing or unreadable; wait for the export run to finish"));
  return finish(Ok("Find part file", part + " (" + std::to_string(stat->size) + " bytes)"));
}

}  // namespace focusd
