#include "providers/aws/aws_billing_source.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "auth/aws_endpoints.h"
#include "auth/sts_client.h"
#include "core/random.h"
#include "providers/aws/aws_export_layout.h"
#include "storage/s3_object_store.h"

namespace focusd {
namespace {

std::string TrimSlashes(std::string s) {
  while (!s.empty() && s.front() == '/') s.erase(0, 1);
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

std::string BaseName(const std::string& key) {
  size_t slash = key.rfind('/');
  return slash == std::string::npos ? key : key.substr(slash + 1);
}

ConnectionStep Failed(const std::string& name, const Status& st, std::string hint) {
  return ConnectionStep{name, false, st.message(), std::move(hint)};
}

}  // namespace

Result<AwsConnectorConfig> AwsConnectorConfig::FromFields(const nlohmann::json& fields) {
  if (!fields.is_object()) return Status::InvalidArgument("AWS connector fields must be an object", "fields");
  auto str = [&](const char* key) -> std::string {
    auto it = fields.find(key);
    return it != fields.end() && it->is_string() ? it->get<std::string>() : "";
  };
  AwsConnectorConfig c;
  c.account_id = str("account_id");
  if (!std::regex_match(c.account_id, std::regex("^[0-9]{12}$")))
    return Status::InvalidArgument("account_id must be the 12-digit AWS account id", "account_id");
  c.bucket = str("bucket");
  if (!std::regex_match(c.bucket, std::regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")))
    return Status::InvalidArgument("bucket must be an S3 bucket name (3-63 lower-case letters, digits, '.', '-')",
                                   "bucket");
  c.path = TrimSlashes(str("path"));
  std::string type = str("file_type");
  if (type == "parquet") {
    c.file_type = FileFormat::kParquet;
  } else if (type == "csv_gzip") {
    c.file_type = FileFormat::kCsvGzip;
  } else {
    return Status::InvalidArgument("file_type must be parquet or csv_gzip", "file_type");
  }
  if (std::string role = str("role_name"); !role.empty()) c.role_name = role;
  if (!std::regex_match(c.role_name, std::regex(R"(^[\w+=,.@-]{1,64}$)")))
    return Status::InvalidArgument("role_name is not a valid IAM role name", "role_name");
  c.external_id = str("external_id");
  if (c.external_id.empty()) return Status::InvalidArgument("external_id is missing", "external_id");
  return c;
}

AwsBillingSource::AwsBillingSource(AwsConnectorConfig config, AwsSourceOptions options)
    : config_(std::move(config)), options_(std::move(options)) {
  const TimeSource& clock = *options_.clock;
  auto identity = options_.identity ? options_.identity : DefaultCredentialsChain(options_.env, clock);
  const std::string region = DefaultRegion(options_.env);
  auto sts = std::make_shared<StsClient>(ResolveAwsEndpoint("sts", region, options_.env), region, identity, clock,
                                         options_.retry);
  AssumeRoleRequest req;
  req.role_arn = RoleArn();
  req.external_id = config_.external_id;
  req.session_name = "focusd-" + config_.account_id;
  role_credentials_ = AssumedRoleCredentials(sts, req, clock);
  S3StoreOptions s3;
  s3.bucket = config_.bucket;
  s3.region = region;
  s3.env = options_.env;
  s3.clock = options_.clock;
  s3.retry = options_.retry;
  s3_ = std::make_shared<S3ObjectStore>(s3, role_credentials_);
  store_ = options_.wrap_store ? options_.wrap_store(s3_) : s3_;
}

AwsBillingSource::~AwsBillingSource() = default;

std::string AwsBillingSource::RoleArn() const { return AwsRoleArn(config_.account_id, config_.role_name); }

std::string AwsBillingSource::Prefix() const { return config_.path.empty() ? "" : config_.path + "/"; }

std::string AwsBillingSource::Where() const { return "s3://" + config_.bucket + "/" + Prefix(); }

Result<std::string> AwsBillingSource::ReadSmallObject(const ObjectInfo& object) {
  std::error_code ec;
  auto dir = std::filesystem::temp_directory_path(ec) / ("focusd-aws-" + RandomHex(8));
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create a temporary directory for manifests: " + ec.message());
  const std::string path = (dir / "manifest.json").string();
  Status st = store_->Download(object, path);
  std::string text;
  if (st.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  std::filesystem::remove_all(dir, ec);
  if (!st.ok()) return st;
  return text;
}

Result<std::vector<PeriodDelivery>> AwsBillingSource::Discover() {
  ASSIGN_OR_RETURN(std::vector<ObjectInfo> listing, store_->List(Prefix()));
  if (listing.empty()) return Status::NotFound("nothing under " + Where());
  std::vector<ManifestRef> manifests = FindAwsExportManifests(listing);
  if (manifests.empty())
    return Status::NotFound("no AWS Data Exports manifest (metadata/BILLING_PERIOD=YYYY-MM/...Manifest.json) under " +
                            Where());
  std::set<std::string> roots;
  for (const auto& m : manifests) roots.insert(m.export_root);
  if (roots.size() > 1) {
    std::string names;
    for (const auto& r : roots) names += (names.empty() ? "" : ", ") + r;
    return Status::InvalidArgument("the path holds several exports (" + names + "); set path to one of them", "path");
  }
  std::map<std::string, const ObjectInfo*> by_key;
  for (const auto& o : listing) by_key[o.key] = &o;
  std::map<std::string, std::vector<ManifestRef>> by_period;  // ordered: oldest period first
  for (auto& m : manifests) by_period[m.billing_period].push_back(std::move(m));

  std::vector<PeriodDelivery> out;
  for (auto& [period, candidates] : by_period) {
    SortNewestFirst(&candidates);
    bool found = false;
    for (const ManifestRef& m : candidates) {
      ASSIGN_OR_RETURN(std::string text, ReadSmallObject(m.object));
      ASSIGN_OR_RETURN(AwsExportManifest manifest, ParseAwsExportManifest(text, config_.bucket, m.object.key));
      PeriodDelivery d;
      d.billing_period = period;
      d.delivery_id = m.object.key + "#" + m.object.etag;
      d.format = config_.file_type;
      d.expected_rows = manifest.row_count;
      bool complete = !manifest.data_keys.empty();
      for (const std::string& key : manifest.data_keys) {
        FileFormat f = FileFormatOfKey(key);
        if (f != config_.file_type)
          return Status::InvalidArgument("s3://" + config_.bucket + "/" + key + " is a " + FileTypeName(f) +
                                             " file but the connector's file type is " +
                                             FileTypeName(config_.file_type) +
                                             ": change the file type to match the export",
                                         "file_type");
        auto it = by_key.find(key);
        if (it == by_key.end()) {
          spdlog::warn("delivery {} of {} is incomplete ({} is missing); looking at an older one", m.object.key,
                       period, key);
          complete = false;
          break;
        }
        d.files.push_back(*it->second);
      }
      if (!complete) continue;
      out.push_back(std::move(d));
      found = true;
      break;
    }
    if (!found) spdlog::warn("billing period {} under {} has no complete delivery yet", period, Where());
  }
  return out;
}

Result<std::vector<std::string>> AwsBillingSource::Fetch(const PeriodDelivery& delivery, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  std::vector<std::string> paths;
  int n = 0;
  for (const ObjectInfo& file : delivery.files) {
    // Numbered, so files of the same name from different folders cannot overwrite each other.
    char num[16];
    std::snprintf(num, sizeof num, "%04d-", ++n);
    std::string local = (std::filesystem::path(dir) / (num + BaseName(file.key))).string();
    RETURN_IF_ERROR(store_->Download(file, local));
    paths.push_back(local);
  }
  return paths;
}

ConnectionReport AwsBillingSource::TestConnection() {
  ConnectionReport report;
  auto finish = [&](ConnectionStep step) {
    report.steps.push_back(std::move(step));
    report.ok = report.steps.back().ok;
    return report;
  };

  // 1. The role.
  auto creds = role_credentials_->Get();
  if (!creds.ok()) {
    std::string hint;
    switch (creds.status().code()) {
      case StatusCode::kPermissionDenied:
        hint = "Role " + RoleArn() + " cannot be assumed: check that it exists in account " + config_.account_id +
               " and that its trust policy allows focusd's AWS principal to call sts:AssumeRole with the "
               "condition sts:ExternalId = " + config_.external_id + ".";
        break;
      case StatusCode::kUnauthenticated:
        hint = "focusd itself has no valid AWS identity: give it credentials (AWS_ACCESS_KEY_ID/"
               "AWS_SECRET_ACCESS_KEY, a profile, or an EC2 instance role).";
        break;
      case StatusCode::kUnavailable:
        hint = "AWS STS could not be reached: check the network, proxy, or AWS_ENDPOINT_URL_STS.";
        break;
      default:
        hint = "Check the account id and role name.";
    }
    return finish(Failed("Assume role", creds.status(), hint));
  }
  report.steps.push_back({"Assume role", true, "assumed " + RoleArn(), ""});

  // 2. The bucket.
  if (Status st = s3_->CheckBucket(); !st.ok()) {
    std::string hint =
        st.code() == StatusCode::kNotFound
            ? "Check the bucket name: bucket " + config_.bucket + " does not exist."
            : "Grant role " + config_.role_name + " s3:ListBucket on arn:aws:s3:::" + config_.bucket +
                  " and s3:GetObject on arn:aws:s3:::" + config_.bucket + "/" + Prefix() +
                  "*, and check that the bucket policy does not deny it.";
    return finish(Failed("Access bucket", st, hint));
  }
  report.steps.push_back({"Access bucket", true, "s3://" + config_.bucket + " is in " + s3_->region(), ""});

  // 3. The path.
  auto listing = store_->List(Prefix());
  if (!listing.ok())
    return finish(Failed("List path", listing.status(),
                         "Grant role " + config_.role_name + " s3:ListBucket on arn:aws:s3:::" + config_.bucket +
                             " for the prefix " + Prefix() + "."));
  if (listing->empty())
    return finish(ConnectionStep{"List path", false, "nothing under " + Where(),
                                 "Set path to the S3 path prefix of the AWS Data Export (the first delivery can "
                                 "take up to 24 hours after the export is created)."});
  report.steps.push_back({"List path", true, std::to_string(listing->size()) + " objects under " + Where(), ""});

  // 4. A manifest.
  std::vector<ManifestRef> manifests = FindAwsExportManifests(*listing);
  if (manifests.empty())
    return finish(ConnectionStep{"Find manifest", false,
                                 "no Data Exports manifest under " + Where(),
                                 "Point path at an AWS Data Exports FOCUS export: it has metadata/BILLING_PERIOD=YYYY-"
                                 "MM/<export-name>-Manifest.json files."});
  SortNewestFirst(&manifests);
  report.steps.push_back({"Find manifest", true, "newest: " + manifests.front().object.key, ""});

  // 5. A data file of the declared type.
  int matching = 0;
  std::string example, other_example;
  FileFormat other = FileFormat::kAuto;
  for (const ObjectInfo& o : *listing) {
    if (o.key.find("/data/BILLING_PERIOD=") == std::string::npos &&
        o.key.rfind("data/BILLING_PERIOD=", 0) != 0)
      continue;
    FileFormat f = FileFormatOfKey(o.key);
    if (f == config_.file_type) {
      if (matching++ == 0) example = o.key;
    } else if (f != FileFormat::kAuto && other == FileFormat::kAuto) {
      other = f;
      other_example = o.key;
    }
  }
  if (matching == 0) {
    if (other != FileFormat::kAuto)
      return finish(ConnectionStep{
          "Find data file", false,
          "the export delivers " + FileTypeName(other) + " files (e.g. " + other_example +
              "), not " + FileTypeName(config_.file_type),
          "Set the connector's file type to " + FileTypeName(other) + ", or change the export's format."});
    return finish(ConnectionStep{"Find data file", false, "no data files under " + Where(),
                                 "Wait for the export's first delivery, or check the path."});
  }
  return finish(ConnectionStep{"Find data file", true,
                               std::to_string(matching) + " " + FileTypeName(config_.file_type) +
                                   " files, e.g. " + example,
                               ""});
}

}  // namespace focusd
