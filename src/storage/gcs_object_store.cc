#include "storage/gcs_object_store.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "auth/google_api_call.h"
#include "http/url_encode.h"
#include "storage/ranged_download.h"

namespace focusd {
namespace {

using json = nlohmann::json;



Result<ObjectInfo> ParseObject(const json& item, const std::string& where) {
  if (!item.is_object() || !item.contains("name") || !item["name"].is_string())
    return Status::Internal(where + ": object resource without a name");
  ObjectInfo info;
  info.key = item["name"];
  // The JSON API sends int64 fields as strings.
  if (item.contains("size")) {
    try {
      info.size = item["size"].is_string() ? std::stoll(item["size"].get<std::string>()) : item["size"].get<int64_t>();
    } catch (...) {
      return Status::Internal(where + ": object " + info.key + " has an unreadable size");
    }
  }
  if (item.contains("etag") && item["etag"].is_string()) info.etag = item["etag"];
  if (item.contains("updated") && item["updated"].is_string()) info.last_modified = item["updated"];
  return info;
}

}  // namespace

std::string GcsEndpointFromEnvironment() {
  const char* host = std::getenv("STORAGE_EMULATOR_HOST");
  if (host == nullptr || *host == '\0') return "https://storage.googleapis.com";
  std::string h = host;
  if (h.find("://") == std::string::npos) h = "http://" + h;
  while (!h.empty() && h.back() == '/') h.pop_back();
  return h;
}

GcsObjectStore::GcsObjectStore(std::string bucket, std::shared_ptr<GoogleTokenSource> tokens, GcsOptions options)
    : bucket_(std::move(bucket)), tokens_(std::move(tokens)), options_(std::move(options)) {
  while (!options_.endpoint.empty() && options_.endpoint.back() == '/') options_.endpoint.pop_back();
}

std::string GcsObjectStore::ObjectUrl(const std::string& key) const {
  return options_.endpoint + "/storage/v1/b/" + UriEncode(bucket_) + "/o/" + UriEncode(key);
}

Result<std::vector<ObjectInfo>> GcsObjectStore::List(const std::string& prefix) {
  std::vector<ObjectInfo> out;
  std::string page_token;
  std::string where = "listing " + Describe() + "/" + prefix;
  do {
    std::string url = options_.endpoint + "/storage/v1/b/" + UriEncode(bucket_) + "/o?prefix=" + UriEncode(prefix) +
                      "&maxResults=" + std::to_string(options_.page_size);
    if (!page_token.empty()) url += "&pageToken=" + UriEncode(page_token);
    ASSIGN_OR_RETURN(HttpResponse resp, SendGoogleApi(*tokens_, [&] { return MakeHttpRequest("GET", url); },
                                                      options_.retry));
    if (resp.status != 200) return GoogleApiError(resp, where);
    json doc = json::parse(resp.body, nullptr, false);
    if (!doc.is_object()) return Status::Internal(where + ": the answer is not JSON");
    if (doc.contains("items")) {
      for (const auto& item : doc["items"]) {
        ASSIGN_OR_RETURN(ObjectInfo info, ParseObject(item, where));
        out.push_back(std::move(info));
      }
    }
    page_token = doc.contains("nextPageToken") && doc["nextPageToken"].is_string() ? doc["nextPageToken"] : "";
  } while (!page_token.empty());
  std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

Result<ObjectInfo> GcsObjectStore::Stat(const std::string& key) {
  std::string url = ObjectUrl(key);
  ASSIGN_OR_RETURN(HttpResponse resp, SendGoogleApi(*tokens_, [&] { return MakeHttpRequest("GET", url); },
                                                    options_.retry));
  std::string where = "reading " + Describe() + "/" + key;
  if (resp.status != 200) return GoogleApiError(resp, where);
  return ParseObject(json::parse(resp.body, nullptr, false), where);
}

Status GcsObjectStore::Download(const ObjectInfo& object, const std::string& local_path) {
  std::string url = ObjectUrl(object.key) + "?alt=media";
  std::string describe = Describe() + "/" + object.key;
  return DownloadWithResume(
      [&](int64_t offset) -> Result<HttpRequest> {
        ASSIGN_OR_RETURN(SecretString token, tokens_->Token());
        HttpRequest req = MakeHttpRequest("GET", url);
        req.timeout = std::chrono::minutes(30);
        req.headers.push_back({"Authorization", "Bearer " + token.Reveal()});
        if (offset > 0) req.headers.push_back({"Range", "bytes=" + std::to_string(offset) + "-"});
        return req;
      },
      local_path, object.size, describe,
      [&](const HttpResponse& resp) { return GoogleApiError(resp, "downloading " + describe); }, options_.retry);
}

Status GcsObjectStore::Delete(const std::string& key) {
  std::string url = ObjectUrl(key);
  ASSIGN_OR_RETURN(HttpResponse resp,
                   SendGoogleApi(*tokens_, [&] { return MakeHttpRequest("DELETE", url); },
                                 options_.retry));
  if (resp.status == 204 || resp.status == 200 || resp.status == 404) return Status::Ok();
  return GoogleApiError(resp, "deleting " + Describe() + "/" + key);
}

Status GcsObjectStore::Put(const std::string& key, const std::string& body, const std::string& content_type) {
  std::string url = options_.endpoint + "/upload/storage/v1/b/" + UriEncode(bucket_) +
                    "/o?uploadType=media&name=" + UriEncode(key);
  ASSIGN_OR_RETURN(HttpResponse resp, SendGoogleApi(
                                          *tokens_,
                                          [&] {
                                            HttpRequest req = MakeHttpRequest("POST", url, body);
                                            req.headers.push_back({"Content-Type", content_type});
                                            return req;
                                          },
                                          options_.retry));
  if (resp.status == 200) return Status::Ok();
  return GoogleApiError(resp, "writing " + Describe() + "/" + key);
}

}  // namespace focusd
