#include "storage/azure_blob_store.h"

#include <pugixml.hpp>

#include <algorithm>
#include <ctime>

#include "core/time.h"
#include "storage/ranged_download.h"

namespace focusd {
namespace {

std::string StripQuotes(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

// "Mon, 27 Jan 2025 10:00:00 GMT" -> "2025-01-27T10:00:00Z" ("" when it does not parse).
std::string Rfc1123ToIso(const std::string& s) {
  std::tm tm{};
  if (!strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S", &tm)) return "";
  return FormatIso8601(Clock::from_time_t(timegm(&tm)));
}

std::string FirstLine(const std::string& s) {
  std::string line = s.substr(0, s.find_first_of("\r\n"));
  return line.size() > 300 ? line.substr(0, 300) : line;
}

}  // namespace

std::string AzureStorageErrorCode(const HttpResponse& r) {
  auto it = r.headers.find("x-ms-error-code");
  if (it != r.headers.end() && !it->second.empty()) return it->second;
  pugi::xml_document doc;
  if (doc.load_string(r.body.c_str())) return doc.child("Error").child_value("Code");
  return "";
}

Status AzureStorageError(const HttpResponse& r, const std::string& what) {
  std::string code = AzureStorageErrorCode(r);
  std::string detail;
  pugi::xml_document doc;
  if (!r.body.empty() && doc.load_string(r.body.c_str())) detail = FirstLine(doc.child("Error").child_value("Message"));
  std::string msg = what + ": HTTP " + std::to_string(r.status) + (code.empty() ? "" : " " + code) +
                    (detail.empty() ? "" : ": " + detail);
  msg = RedactSasSignature(msg);
  if (r.status == 401 || code == "AuthenticationFailed" || code == "InvalidAuthenticationInfo")
    return Status::Unauthenticated(msg);
  if (r.status == 403) return Status::PermissionDenied(msg);
  if (r.status == 404) return Status::NotFound(msg);
  if (r.status == 412) return Status::FailedPrecondition(msg);
  if (r.status == 429 || r.status >= 500) return Status::Unavailable(msg);
  return Status::Internal(msg);
}

bool HasAzureErrorCode(const Status& status, const std::string& code) {
  return status.message().find(" " + code) != std::string::npos;
}

AzureBlobStore::AzureBlobStore(AzureBlobStoreOptions options, std::shared_ptr<AzureBlobCredential> credential)
    : options_(std::move(options)), credential_(std::move(credential)) {
  while (!options_.endpoint.empty() && options_.endpoint.back() == '/') options_.endpoint.pop_back();
}

std::string AzureBlobStore::Describe() const { return options_.endpoint + "/" + options_.container; }

BlobRequest AzureBlobStore::NewRequest(const std::string& method, const std::string& key) const {
  BlobRequest r;
  r.method = method;
  r.endpoint = options_.endpoint;
  r.resource = "/" + EncodeBlobPath(options_.container) + (key.empty() ? "" : "/" + EncodeBlobPath(key));
  r.headers = {{"x-ms-version", kAzureBlobApiVersion}};
  r.ca_file = options_.ca_file;
  return r;
}

Result<HttpResponse> AzureBlobStore::Send(BlobRequest request) {
  // A credential that cannot sign (an Entra token refused, or unreachable after the token
  // source's own retries) ends the request: retrying here would only multiply the waits.
  Status sign_error;
  auto r = SendWithRetry(
      [&]() -> Result<HttpResponse> {
        auto req = credential_->Authorize(request);
        if (!req.ok()) {
          sign_error = req.status();
          return Status::FailedPrecondition("not signed");
        }
        return HttpClient::Send(*req);
      },
      options_.retry);
  if (!sign_error.ok()) return sign_error;
  return r;
}

Result<std::vector<ObjectInfo>> AzureBlobStore::List(const std::string& prefix) {
  std::vector<ObjectInfo> out;
  std::string marker;
  do {
    BlobRequest r = NewRequest("GET", "");
    r.query = {{"restype", "container"}, {"comp", "list"}, {"maxresults", std::to_string(options_.max_results)}};
    if (!prefix.empty()) r.query.push_back({"prefix", prefix});
    if (!marker.empty()) r.query.push_back({"marker", marker});
    auto resp = Send(r);
    std::string what = "listing " + Describe() + "/" + prefix;
    if (!resp.ok()) return resp.status().WithContext(what);
    if (resp->status != 200) return AzureStorageError(*resp, what);
    pugi::xml_document doc;
    if (!doc.load_string(resp->body.c_str()))
      return Status::Unavailable(what + ": the List Blobs answer is not XML");
    auto root = doc.child("EnumerationResults");
    for (auto blob : root.child("Blobs").children("Blob")) {
      ObjectInfo info;
      info.key = blob.child_value("Name");
      auto props = blob.child("Properties");
      info.size = std::atoll(props.child_value("Content-Length"));
      info.etag = StripQuotes(props.child_value("Etag"));
      info.last_modified = Rfc1123ToIso(props.child_value("Last-Modified"));
      out.push_back(std::move(info));
    }
    marker = root.child_value("NextMarker");
  } while (!marker.empty());
  std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

Result<ObjectInfo> AzureBlobStore::Stat(const std::string& key) {
  auto resp = Send(NewRequest("HEAD", key));
  std::string what = "reading the properties of " + Describe() + "/" + key;
  if (!resp.ok()) return resp.status().WithContext(what);
  if (resp->status != 200) {
    // HEAD answers carry no body; the code is in x-ms-error-code.
    return AzureStorageError(*resp, what);
  }
  ObjectInfo info;
  info.key = key;
  info.size = std::atoll(resp->headers["content-length"].c_str());
  info.etag = StripQuotes(resp->headers["etag"]);
  info.last_modified = Rfc1123ToIso(resp->headers["last-modified"]);
  return info;
}

Result<std::string> AzureBlobStore::ReadAll(const std::string& key) {
  auto resp = Send(NewRequest("GET", key));
  std::string what = "reading " + Describe() + "/" + key;
  if (!resp.ok()) return resp.status().WithContext(what);
  if (resp->status != 200) return AzureStorageError(*resp, what);
  return resp->body;
}

Status AzureBlobStore::Download(const ObjectInfo& object, const std::string& local_path) {
  std::string what = Describe() + "/" + object.key;
  Status sign_error;
  Status result = DownloadWithResume(
      [&](int64_t offset) -> Result<HttpRequest> {
        BlobRequest r = NewRequest("GET", object.key);
        if (offset > 0) r.headers.push_back({"Range", "bytes=" + std::to_string(offset) + "-"});
        // The object must be the one that was listed: a blob rewritten meanwhile is a 412.
        if (!object.etag.empty()) r.headers.push_back({"If-Match", "\"" + object.etag + "\""});
        auto req = credential_->Authorize(r);
        if (!req.ok()) {
          sign_error = req.status();
          return Status::FailedPrecondition("not signed");  // not retried (see Send)
        }
        return req;
      },
      local_path, object.size, what,
      [&](const HttpResponse& resp) {
        Status st = AzureStorageError(resp, "downloading " + what);
        if (resp.status == 412)
          return Status::FailedPrecondition("downloading " + what + ": the blob changed since it was listed");
        return st;
      },
      options_.retry);
  if (!sign_error.ok()) return sign_error.WithContext("downloading " + what);
  return result;
}

}  // namespace focusd
