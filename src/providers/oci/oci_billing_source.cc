#include "providers/oci/oci_billing_source.h"

#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>

#include "auth/rsa_keys.h"

namespace focusd {
namespace {

std::string Sha256Hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

std::string Trimmed(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string NormalizedFingerprint(std::string s) {
  s = Trimmed(std::move(s));
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// "FOCUS Reports/2026/01/05/x.csv.gz" -> "2026-01-05-x.csv.gz", keeping only file-name-safe
// characters so a key can never climb out of the fetch directory.
std::string LocalFileName(const std::string& key) {
  std::string rest = key.substr(std::string(kOciFocusReportsPrefix).size());
  std::string out;
  for (char c : rest) {
    if (c == '/')
      out.push_back('-');
    else if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')
      out.push_back(c);
    else
      out.push_back('_');
  }
  return out;
}

FileFormat FormatOf(const std::vector<ObjectInfo>& files) {
  auto all_end_with = [&](const std::string& suffix) {
    return std::all_of(files.begin(), files.end(), [&](const ObjectInfo& f) {
      return f.key.size() >= suffix.size() && f.key.compare(f.key.size() - suffix.size(), suffix.size(), suffix) == 0;
    });
  };
  if (all_end_with(".csv.gz")) return FileFormat::kCsvGzip;
  if (all_end_with(".csv")) return FileFormat::kCsv;
  return FileFormat::kAuto;
}

std::string PolicyHint(const OciApiKeyCredentials& c, const std::string& where) {
  return "The user is authenticated but cannot read the cost reports at " + where +
         ". Check that the tenancy OCID is the tenancy's own OCID (not a compartment's), that " + c.region +
         " is the tenancy's home region, and that a policy in the root compartment lets the user's group read "
         "the reports:\n  define tenancy usage-report as " +
         std::string(kOciUsageReportTenancy) +
         "\n  endorse group <group> to read objects in tenancy usage-report";
}

}  // namespace

Result<OciApiKeyCredentials> OciApiKeyCredentials::FromSecretJson(const nlohmann::json& value) {
  if (!value.is_object()) return Status::InvalidArgument("the OCI API key secret is not a JSON object");
  OciApiKeyCredentials c;
  auto text = [&](const char* field, bool required, std::string* out) -> Status {
    if (!value.contains(field) || value[field].is_null()) {
      if (required) return Status::InvalidArgument(std::string("the OCI API key secret has no ") + field, field);
      return Status::Ok();
    }
    if (!value[field].is_string())
      return Status::InvalidArgument(std::string("the OCI API key secret's ") + field + " is not text", field);
    *out = value[field].get<std::string>();
    if (required && Trimmed(*out).empty())
      return Status::InvalidArgument(std::string("the OCI API key secret's ") + field + " is empty", field);
    return Status::Ok();
  };
  std::string pem, passphrase;
  RETURN_IF_ERROR(text("tenancy_ocid", true, &c.tenancy_ocid));
  RETURN_IF_ERROR(text("user_ocid", true, &c.user_ocid));
  RETURN_IF_ERROR(text("fingerprint", true, &c.fingerprint));
  RETURN_IF_ERROR(text("region", true, &c.region));
  RETURN_IF_ERROR(text("private_key", true, &pem));
  RETURN_IF_ERROR(text("passphrase", false, &passphrase));
  c.tenancy_ocid = Trimmed(c.tenancy_ocid);
  c.user_ocid = Trimmed(c.user_ocid);
  c.fingerprint = NormalizedFingerprint(c.fingerprint);
  c.region = Trimmed(c.region);
  c.private_key_pem = SecretString(std::move(pem));
  c.passphrase = SecretString(std::move(passphrase));
  return c;
}

OciBillingSource::OciBillingSource(OciApiKeyCredentials credentials, OciBillingSourceOptions options)
    : credentials_(std::move(credentials)), options_(std::move(options)) {}

Result<std::unique_ptr<OciBillingSource>> OciBillingSource::FromSecret(const nlohmann::json& secret_value,
                                                                       OciBillingSourceOptions options) {
  ASSIGN_OR_RETURN(OciApiKeyCredentials credentials, OciApiKeyCredentials::FromSecretJson(secret_value));
  return std::make_unique<OciBillingSource>(std::move(credentials), std::move(options));
}

Result<std::string> OciBillingSource::Endpoint() const {
  std::string endpoint = options_.endpoint;
  if (endpoint.empty()) {
    const char* env = std::getenv(kOciObjectStorageEndpointEnv);
    if (env && *env) endpoint = env;
  }
  if (endpoint.empty()) return OciObjectStorageEndpoint(credentials_.region);
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  return endpoint;
}

Result<OciObjectStore*> OciBillingSource::Store() {
  if (store_) return store_.get();
  ASSIGN_OR_RETURN(OciRequestSigner signer,
                   OciRequestSigner::Create(OciKeyId(credentials_.tenancy_ocid, credentials_.user_ocid,
                                                     credentials_.fingerprint),
                                            credentials_.private_key_pem, credentials_.passphrase));
  ASSIGN_OR_RETURN(std::string endpoint, Endpoint());
  OciObjectStoreOptions o;
  o.endpoint = endpoint;
  o.namespace_name = kOciUsageReportNamespace;
  o.bucket = credentials_.tenancy_ocid;
  o.signer = std::make_shared<OciRequestSigner>(std::move(signer));
  o.retry = options_.retry;
  o.clock = options_.clock;
  o.page_size = options_.page_size;
  store_ = std::make_unique<OciObjectStore>(std::move(o));
  return store_.get();
}

Result<std::vector<PeriodDelivery>> OciBillingSource::Discover() {
  ASSIGN_OR_RETURN(OciObjectStore * store, Store());
  ASSIGN_OR_RETURN(std::vector<ObjectInfo> objects, store->List(kOciFocusReportsPrefix));
  static const std::regex kDailyReport(R"(FOCUS Reports/(\d{4})/(\d{2})/(\d{2})/[^/]+)");
  std::map<std::string, std::vector<ObjectInfo>> by_month;
  for (auto& o : objects) {
    std::smatch m;
    if (!std::regex_match(o.key, m, kDailyReport)) {
      spdlog::debug("OCI: skipping {} (not a daily FOCUS report)", o.key);
      continue;
    }
    by_month[m[1].str() + "-" + m[2].str()].push_back(std::move(o));
  }
  std::vector<PeriodDelivery> out;
  for (auto& [month, files] : by_month) {
    std::sort(files.begin(), files.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
    std::string identity;
    for (const auto& f : files)
      identity += f.key + "\t" + f.etag + "\t" + f.last_modified + "\t" + std::to_string(f.size) + "\n";
    PeriodDelivery d;
    d.billing_period = month;
    d.delivery_id = Sha256Hex(identity);
    d.format = FormatOf(files);
    d.files = std::move(files);
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::vector<std::string>> OciBillingSource::Fetch(const PeriodDelivery& delivery, const std::string& dir) {
  ASSIGN_OR_RETURN(OciObjectStore * store, Store());
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  std::vector<std::string> paths;
  for (const auto& file : delivery.files) {
    if (file.key.rfind(kOciFocusReportsPrefix, 0) != 0)
      return Status::InvalidArgument("not an OCI FOCUS report: " + file.key);
    std::string path = (std::filesystem::path(dir) / LocalFileName(file.key)).string();
    RETURN_IF_ERROR(store->Download(file, path));
    paths.push_back(std::move(path));
  }
  return paths;
}

ConnectionReport OciBillingSource::TestConnection() {
  ConnectionReport report;
  auto step = [&](std::string name, bool ok, std::string message, std::string hint = "") {
    report.steps.push_back({std::move(name), ok, std::move(message), ok ? "" : std::move(hint)});
    return ok;
  };
  const auto& c = credentials_;

  auto signer = OciRequestSigner::Create("", c.private_key_pem, c.passphrase);
  if (!step("Read API key", signer.ok(), signer.ok() ? "The private key is an RSA key" : signer.status().message(),
            signer.status().field() == "passphrase"
                ? "Enter the passphrase the API key was encrypted with in the secret"
                : "Paste the API signing key's private key PEM (-----BEGIN PRIVATE KEY----- ...), "
                  "the one downloaded when the API key was added to the user"))
    return report;

  auto fingerprint = RsaPublicKeyFingerprint(c.private_key_pem.Reveal(), c.passphrase.Reveal());
  if (!fingerprint.ok()) {
    step("Check key fingerprint", false, fingerprint.status().message(), "Paste the API key's private key PEM");
    return report;
  }
  if (!step("Check key fingerprint", *fingerprint == c.fingerprint,
            *fingerprint == c.fingerprint
                ? "The key's fingerprint is " + *fingerprint
                : "The private key's fingerprint is " + *fingerprint + " but the secret names " + c.fingerprint,
            "Use the fingerprint OCI shows for this key (Identity > Users > the user > API keys), or the private key "
            "of the API key with fingerprint " + c.fingerprint))
    return report;

  auto endpoint = Endpoint();
  if (!step("Object Storage endpoint", endpoint.ok(), endpoint.ok() ? *endpoint : endpoint.status().message(),
            "Set the region to the tenancy's home region identifier, such as us-ashburn-1"))
    return report;

  auto store = Store();
  if (!store.ok()) {  // the key was read above; this is only defensive
    step("List FOCUS Reports/", false, store.status().message());
    return report;
  }
  std::string where = "namespace " + std::string(kOciUsageReportNamespace) + ", bucket " + c.tenancy_ocid;
  auto page = (*store)->ListPage(kOciFocusReportsPrefix, "", 1);
  if (!page.ok()) {
    std::string hint;
    switch (page.status().code()) {
      case StatusCode::kUnauthenticated:
        hint = "OCI did not accept the request signature (401 NotAuthenticated). Check that the public key with "
               "fingerprint " + c.fingerprint + " is uploaded to user " + c.user_ocid +
               " (Identity > Users > API keys), that this user belongs to tenancy " + c.tenancy_ocid +
               ", and that this machine's clock is within 5 minutes of the correct time";
        break;
      case StatusCode::kNotFound:
      case StatusCode::kPermissionDenied:
        hint = PolicyHint(c, where);
        break;
      default:
        hint = "Check that " + c.region + " is the tenancy's home region and that this machine can reach " +
               (endpoint.ok() ? *endpoint : std::string("OCI Object Storage")) + " over HTTPS";
    }
    step("List FOCUS Reports/", false, page.status().message(), hint);
    return report;
  }
  step("List FOCUS Reports/", true, "Listed FOCUS Reports/ in " + where);

  if (!step("Find a FOCUS report", !page->objects.empty(),
            page->objects.empty() ? "There is no report under FOCUS Reports/ yet"
                                  : "Found " + page->objects.front().key,
            "OCI writes FOCUS reports for metered tenancies, the first within a day or two of usage; check "
            "Billing & Cost Management > Cost and Usage Reports in the console, and that this is the tenancy "
            "that pays (the parent tenancy, for an organization)"))
    return report;
  report.ok = true;
  return report;
}

}  // namespace focusd
