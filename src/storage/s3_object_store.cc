#include "storage/s3_object_store.h"

#include <pugixml.hpp>
#include <spdlog/spdlog.h>

#include <ctime>

#include "auth/sigv4_signer.h"
#include "auth/sts_client.h"
#include "storage/ranged_download.h"

namespace focusd {
namespace {

std::string Unquote(std::string etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
  return etag;
}

std::string HttpDateToIso(const std::string& http_date) {
  std::tm tm{};
  if (!strptime(http_date.c_str(), "%a, %d %b %Y %H:%M:%S", &tm)) return http_date;
  return FormatIso8601(Clock::from_time_t(timegm(&tm)));
}

bool IsExpiredCredentials(const std::string& code) {
  return code == "ExpiredToken" || code == "TokenRefreshRequired" || code == "RequestExpired";
}

std::string Header(const HttpResponse& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

}  // namespace

S3ObjectStore::S3ObjectStore(S3StoreOptions options, std::shared_ptr<AwsCredentialsProvider> credentials)
    : options_(std::move(options)), credentials_(std::move(credentials)) {
  region_ = options_.region.empty() ? DefaultRegion(options_.env) : options_.region;
  endpoint_ = ResolveAwsEndpoint("s3", region_, options_.env);
}

std::string S3ObjectStore::region() {
  std::lock_guard<std::mutex> lock(mu_);
  return region_;
}

S3ObjectStore::Target S3ObjectStore::TargetFor(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (endpoint_.custom) return {endpoint_.url, "/" + options_.bucket + "/" + key};
  if (BucketNeedsPathStyle(options_.bucket))
    return {ResolveAwsEndpoint("s3", region_, options_.env).url, "/" + options_.bucket + "/" + key};
  return {VirtualHostedS3Url(options_.bucket, region_), "/" + key};
}

Result<HttpResponse> S3ObjectStore::Call(const std::string& method, const std::string& key,
                                         const std::vector<std::pair<std::string, std::string>>& query) {
  bool redirected = false, renewed = false;
  for (;;) {
    Target t = TargetFor(key);
    std::string region = this->region();
    auto resp = SendWithRetry(
        [&]() -> Result<HttpResponse> {
          ASSIGN_OR_RETURN(AwsCredentials creds, credentials_->Get());
          return HttpClient::Send(BuildSignedRequest(t.endpoint, method, t.path, query, {}, "", creds,
                                                     SigV4Scope{region, "s3", true}, options_.clock->Now()));
        },
        options_.retry);
    if (!resp.ok()) return resp.status();
    if (resp->status < 300) return resp;
    AwsErrorDocument err = ParseAwsError(resp->body);
    // The bucket lives elsewhere: S3 names the region in a header or in the error document.
    std::string real_region = Header(*resp, "x-amz-bucket-region");
    if (real_region.empty()) real_region = err.region;
    if (!redirected && !real_region.empty() && real_region != region &&
        (resp->status == 301 || resp->status == 307 || resp->status == 400)) {
      spdlog::info("bucket {} is in {}, not {}; following", options_.bucket, real_region, region);
      std::lock_guard<std::mutex> lock(mu_);
      region_ = real_region;
      redirected = true;
      continue;
    }
    // A HEAD answer has no body to name the error; a bare 400 there is, after a region
    // mismatch (handled above), almost always a stale session token.
    bool bare_head_400 = method == "HEAD" && resp->status == 400 && resp->body.empty();
    if (!renewed && (IsExpiredCredentials(err.code) || bare_head_400)) {
      spdlog::warn("S3 refused expired credentials for {}; renewing them", Describe());
      credentials_->Invalidate();
      renewed = true;
      continue;
    }
    return resp;
  }
}

Status S3ObjectStore::EnsureRegion() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (region_known_) return Status::Ok();
  }
  Status st = CheckBucket();
  // A HEAD answer has no error document, so a 403 there says little: a role may read objects
  // without s3:ListBucket on the bucket itself. Let the real call report what S3 says.
  if (st.code() == StatusCode::kPermissionDenied) return Status::Ok();
  return st;
}

Status S3ObjectStore::CheckBucket() {
  auto resp = Call("HEAD", "", {});
  if (!resp.ok()) return resp.status().WithContext(Describe());
  std::string header_region = Header(*resp, "x-amz-bucket-region");
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!header_region.empty()) region_ = header_region;
    region_known_ = true;
  }
  if (resp->status < 300) return Status::Ok();
  return ErrorStatus(*resp, Describe());
}

Status S3ObjectStore::ErrorStatus(const HttpResponse& resp, const std::string& what) const {
  AwsErrorDocument err = ParseAwsError(resp.body);
  std::string detail = "HTTP " + std::to_string(resp.status) + (err.code.empty() ? "" : " " + err.code) +
                       (err.message.empty() ? "" : ": " + err.message);
  if (err.code == "NoSuchBucket" || (resp.status == 404 && err.code.empty() && what == Describe()))
    return Status::NotFound("bucket " + options_.bucket + " does not exist (" + detail + ")");
  if (resp.status == 404) return Status::NotFound(what + " not found (" + detail + ")");
  if (err.code == "InvalidAccessKeyId" || err.code == "SignatureDoesNotMatch" || IsExpiredCredentials(err.code) ||
      err.code == "InvalidToken")
    return Status::Unauthenticated(what + ": the credentials were refused (" + detail + ")");
  if (resp.status == 403) return Status::PermissionDenied("access denied on " + what + " (" + detail + ")");
  if (resp.status == 412)
    return Status::FailedPrecondition(what + " changed while it was being read (" + detail + ")");
  if (resp.status >= 500 || resp.status == 429) return Status::Unavailable(what + ": " + detail);
  return Status::Internal(what + ": unexpected answer " + detail);
}

Result<std::vector<ObjectInfo>> S3ObjectStore::List(const std::string& prefix) {
  RETURN_IF_ERROR(EnsureRegion());
  std::vector<ObjectInfo> out;
  std::string token;
  const std::string what = Describe() + "/" + prefix;
  for (int page = 0;; ++page) {
    std::vector<std::pair<std::string, std::string>> query = {
        {"list-type", "2"}, {"prefix", prefix}, {"encoding-type", "url"}};
    if (!token.empty()) query.emplace_back("continuation-token", token);
    if (options_.max_keys > 0) query.emplace_back("max-keys", std::to_string(options_.max_keys));
    ASSIGN_OR_RETURN(HttpResponse resp, Call("GET", "", query));
    if (resp.status != 200) return ErrorStatus(resp, what);
    pugi::xml_document doc;
    if (!doc.load_buffer(resp.body.data(), resp.body.size()))
      return Status::DataLoss("listing " + what + ": unreadable XML from S3");
    pugi::xml_node root = doc.child("ListBucketResult");
    bool url_encoded = std::string(root.child_value("EncodingType")) == "url";
    for (pugi::xml_node c : root.children("Contents")) {
      ObjectInfo info;
      info.key = c.child_value("Key");
      if (url_encoded) info.key = sigv4::UriDecode(info.key, true);
      info.size = std::strtoll(c.child_value("Size"), nullptr, 10);
      info.etag = Unquote(c.child_value("ETag"));
      info.last_modified = c.child_value("LastModified");
      out.push_back(std::move(info));
    }
    if (std::string(root.child_value("IsTruncated")) != "true") break;
    token = root.child_value("NextContinuationToken");
    if (token.empty()) return Status::DataLoss("listing " + what + ": truncated page without a continuation token");
  }
  return out;
}

Result<ObjectInfo> S3ObjectStore::Stat(const std::string& key) {
  RETURN_IF_ERROR(EnsureRegion());
  ASSIGN_OR_RETURN(HttpResponse resp, Call("HEAD", key, {}));
  if (resp.status != 200) return ErrorStatus(resp, Describe() + "/" + key);
  ObjectInfo info;
  info.key = key;
  info.size = std::strtoll(Header(resp, "content-length").c_str(), nullptr, 10);
  info.etag = Unquote(Header(resp, "etag"));
  info.last_modified = HttpDateToIso(Header(resp, "last-modified"));
  return info;
}

Status S3ObjectStore::Download(const ObjectInfo& object, const std::string& local_path) {
  RETURN_IF_ERROR(EnsureRegion());
  const std::string what = Describe() + "/" + object.key;
  for (int round = 0;; ++round) {
    bool expired = false;
    Status st = DownloadWithResume(
        [&](int64_t offset) -> Result<HttpRequest> {
          ASSIGN_OR_RETURN(AwsCredentials creds, credentials_->Get());
          Target t = TargetFor(object.key);
          sigv4::HeaderList headers;
          if (offset > 0) headers.emplace_back("Range", "bytes=" + std::to_string(offset) + "-");
          // Pinned to the listed version: a file replaced mid-download fails with 412
          // instead of splicing two versions together.
          if (!object.etag.empty()) headers.emplace_back("If-Match", "\"" + object.etag + "\"");
          HttpRequest req = BuildSignedRequest(t.endpoint, "GET", t.path, {}, headers, "", creds,
                                               SigV4Scope{region(), "s3", true}, options_.clock->Now());
          req.timeout = std::chrono::minutes(30);
          return req;
        },
        local_path, object.size, what,
        [&](const HttpResponse& resp) {
          expired = IsExpiredCredentials(ParseAwsError(resp.body).code);
          return ErrorStatus(resp, what);
        },
        options_.retry);
    if (expired && round == 0) {
      spdlog::warn("S3 refused expired credentials while downloading {}; renewing them", what);
      credentials_->Invalidate();
      continue;
    }
    return st;
  }
}

}  // namespace focusd
