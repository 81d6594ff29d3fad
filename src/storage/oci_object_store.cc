#include "storage/oci_object_store.h"

#include <nlohmann/json.hpp>

#include <map>
#include <regex>

#include "http/http_date.h"
#include "http/url_encode.h"
#include "storage/ranged_download.h"

namespace focusd {
namespace {

// Regions outside the commercial realm (oc1, oraclecloud.com) and their realm's domain.
const std::map<std::string, std::string>& NonCommercialRegionDomains() {
  static const std::map<std::string, std::string> kDomains = {
      {"us-langley-1", "oraclegovcloud.com"},     {"us-luke-1", "oraclegovcloud.com"},          // oc2
      {"us-gov-ashburn-1", "oraclegovcloud.com"}, {"us-gov-chicago-1", "oraclegovcloud.com"},   // oc3
      {"us-gov-phoenix-1", "oraclegovcloud.com"},                                               // oc3
      {"uk-gov-london-1", "oraclegovcloud.uk"},   {"uk-gov-cardiff-1", "oraclegovcloud.uk"},    // oc4
      {"ap-chiyoda-1", "oraclecloud8.com"},       {"ap-ibaraki-1", "oraclecloud8.com"},         // oc8
      {"eu-frankfurt-2", "oraclecloud.eu"},       {"eu-madrid-2", "oraclecloud.eu"},            // oc19
  };
  return kDomains;
}

std::string HeaderOr(const HttpResponse& r, const std::string& name, const std::string& fallback = "") {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? fallback : it->second;
}

HttpRequest NewRequest(std::string method, std::string url) {
  HttpRequest req;
  req.method = std::move(method);
  req.url = std::move(url);
  return req;
}

std::string StripQuotes(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

}  // namespace

Result<std::string> OciObjectStorageEndpoint(const std::string& region) {
  static const std::regex kRegion("[a-z]+(-[a-z]+)+-[0-9]+");
  if (!std::regex_match(region, kRegion))
    return Status::InvalidArgument("\"" + region + "\" is not an OCI region identifier such as us-ashburn-1",
                                   "region");
  auto it = NonCommercialRegionDomains().find(region);
  std::string domain = it == NonCommercialRegionDomains().end() ? "oraclecloud.com" : it->second;
  return "https://objectstorage." + region + "." + domain;
}

Status OciErrorStatus(const HttpResponse& r, const std::string& what) {
  std::string code, message;
  try {
    auto doc = nlohmann::json::parse(r.body);
    if (doc.is_object()) {
      code = doc.value("code", "");
      message = doc.value("message", "");
    }
  } catch (const std::exception&) {  // not OCI's JSON (a proxy's page): the status says enough
  }
  std::string text = what + ": HTTP " + std::to_string(r.status);
  if (!code.empty()) text += " " + code;
  if (!message.empty()) text += ": " + message;
  std::string request_id = HeaderOr(r, "opc-request-id");
  if (!request_id.empty()) text += " (opc-request-id " + request_id + ")";
  switch (r.status) {
    case 400: return Status::InvalidArgument(text);
    case 401: return Status::Unauthenticated(text);
    case 403: return Status::PermissionDenied(text);
    case 404: return Status::NotFound(text);
    case 412: return Status::FailedPrecondition(text);
    default: return Status::Unavailable(text);
  }
}

OciObjectStore::OciObjectStore(OciObjectStoreOptions options) : options_(std::move(options)) {}

std::string OciObjectStore::BucketUrl() const {
  return options_.endpoint + "/n/" + UriEncode(options_.namespace_name) + "/b/" + UriEncode(options_.bucket);
}

std::string OciObjectStore::ObjectUrl(const std::string& key) const { return BucketUrl() + "/o/" + UriEncode(key); }

std::string OciObjectStore::Describe() const { return BucketUrl(); }

Result<HttpRequest> OciObjectStore::Signed(HttpRequest req) const {
  if (!options_.signer) return Status::Internal("OCI object store without a signer");
  RETURN_IF_ERROR(options_.signer->Sign(req, options_.clock->Now()));
  return req;
}

Result<HttpResponse> OciObjectStore::SendSigned(const HttpRequest& req) {
  // Signed per attempt: a retry after a backoff gets a fresh Date.
  return SendWithRetry(
      [&]() -> Result<HttpResponse> {
        ASSIGN_OR_RETURN(HttpRequest signed_req, Signed(req));
        return HttpClient::Send(signed_req);
      },
      options_.retry);
}

Result<OciObjectPage> OciObjectStore::ListPage(const std::string& prefix, const std::string& start, int limit) {
  std::string url = BucketUrl() + "/o?prefix=" + UriEncode(prefix) +
                    "&fields=name,size,etag,timeCreated,timeModified&limit=" + std::to_string(limit);
  if (!start.empty()) url += "&start=" + UriEncode(start);
  ASSIGN_OR_RETURN(HttpResponse r, SendSigned(NewRequest("GET", url)));
  std::string what = "listing " + prefix + " in " + Describe();
  if (r.status != 200) return OciErrorStatus(r, what);
  OciObjectPage page;
  try {
    auto doc = nlohmann::json::parse(r.body);
    for (const auto& o : doc.at("objects")) {
      ObjectInfo info;
      info.key = o.at("name").get<std::string>();
      info.size = o.value("size", int64_t{-1});
      info.etag = StripQuotes(o.value("etag", ""));
      info.last_modified = o.value("timeModified", o.value("timeCreated", ""));
      page.objects.push_back(std::move(info));
    }
    if (doc.contains("nextStartWith") && doc["nextStartWith"].is_string())
      page.next_start_with = doc["nextStartWith"].get<std::string>();
  } catch (const std::exception& e) {
    return Status::DataLoss(what + ": the answer is not a ListObjects document (" + e.what() + ")");
  }
  return page;
}

Result<std::vector<ObjectInfo>> OciObjectStore::List(const std::string& prefix) {
  std::vector<ObjectInfo> all;
  std::string start;
  do {
    ASSIGN_OR_RETURN(OciObjectPage page, ListPage(prefix, start, options_.page_size));
    if (!page.next_start_with.empty() && page.next_start_with <= start)
      return Status::DataLoss("listing " + prefix + " in " + Describe() + ": the page cursor did not advance");
    for (auto& o : page.objects) all.push_back(std::move(o));
    start = page.next_start_with;
  } while (!start.empty());
  return all;
}

Result<ObjectInfo> OciObjectStore::Stat(const std::string& key) {
  ASSIGN_OR_RETURN(HttpResponse r, SendSigned(NewRequest("HEAD", ObjectUrl(key))));
  if (r.status != 200) return OciErrorStatus(r, "reading " + key + " in " + Describe());
  ObjectInfo info;
  info.key = key;
  try {
    info.size = std::stoll(HeaderOr(r, "content-length", "-1"));
  } catch (const std::exception&) {
    info.size = -1;
  }
  info.etag = StripQuotes(HeaderOr(r, "etag"));
  auto modified = ParseHttpDate(HeaderOr(r, "last-modified"));
  if (modified) info.last_modified = FormatIso8601(*modified);
  return info;
}

Status OciObjectStore::Download(const ObjectInfo& object, const std::string& local_path) {
  std::string describe = object.key + " in " + Describe();
  return DownloadWithResume(
      [&](int64_t offset) -> Result<HttpRequest> {
        HttpRequest req = NewRequest("GET", ObjectUrl(object.key));
        req.timeout = std::chrono::minutes(30);  // a month of reports can be large
        if (offset > 0) req.headers.push_back({"range", "bytes=" + std::to_string(offset) + "-"});
        // A report rewritten while we read it must not be stitched together from two versions.
        if (!object.etag.empty()) req.headers.push_back({"if-match", object.etag});
        return Signed(std::move(req));
      },
      local_path, object.size, describe, [&](const HttpResponse& r) { return OciErrorStatus(r, "downloading " + describe); },
      options_.retry);
}

}  // namespace focusd
