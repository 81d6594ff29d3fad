#include "support/gcp_storage_server.h"

#include <openssl/evp.h>

#include <memory>

#include "support/gcp_api_errors.h"

namespace focusd::testing {
namespace {

using json = nlohmann::json;
constexpr char kScope[] = "https://www.googleapis.com/auth/devstorage.read_write";

std::string Md5Base64(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md, &n, EVP_md5(), nullptr);
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), md, static_cast<int>(n));
  out.resize(len);
  return out;
}

}  // namespace

GcpStorageServer::GcpStorageServer(const GcpTokenServer& tokens) : tokens_(tokens) {
  server_.Get(R"(/storage/v1/b/([^/]+)/o)", [this](const httplib::Request& req, httplib::Response& res) {
    if (!Authorized(tokens_, req, res, kScope)) return;
    std::lock_guard lock(mu_);
    auto b = buckets_.find(req.matches[1]);
    if (b == buckets_.end()) return SendGoogleError(res, 404, "The specified bucket does not exist.", "notFound");
    std::string prefix = req.get_param_value("prefix");
    size_t max = req.has_param("maxResults") ? std::stoul(req.get_param_value("maxResults")) : 1000;
    std::string after = req.get_param_value("pageToken");  // our page token: the last name served
    json items = json::array();
    std::string next;
    for (auto it = after.empty() ? b->second.objects.begin() : b->second.objects.upper_bound(after);
         it != b->second.objects.end(); ++it) {
      if (it->first.rfind(prefix, 0) != 0) continue;
      if (items.size() == max) {
        next = items.back()["name"];
        break;
      }
      items.push_back(Resource(b->first, it->first, it->second.first, it->second.second));
    }
    ++list_pages_;
    json doc = {{"kind", "storage#objects"}};
    if (!items.empty()) doc["items"] = items;
    if (!next.empty()) doc["nextPageToken"] = next;
    res.set_content(doc.dump(), "application/json");
  });

  server_.Get(R"(/storage/v1/b/([^/]+)/o/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
    if (!Authorized(tokens_, req, res, kScope)) return;
    std::lock_guard lock(mu_);
    auto b = buckets_.find(req.matches[1]);
    if (b == buckets_.end()) return SendGoogleError(res, 404, "The specified bucket does not exist.", "notFound");
    std::string name = req.matches[2];
    auto o = b->second.objects.find(name);
    if (o == b->second.objects.end())
      return SendGoogleError(res, 404, "No such object: " + b->first + "/" + name, "notFound");
    if (req.get_param_value("alt") != "media") {
      res.set_content(Resource(b->first, name, o->second.first, o->second.second).dump(), "application/json");
      return;
    }
    if (req.has_header("Range")) ranges_.push_back(req.get_header_value("Range"));
    if (break_next_ == name && !req.has_header("Range")) {
      break_next_.clear();
      auto data = std::make_shared<std::string>(o->second.first);
      res.set_content_provider(data->size(), "application/octet-stream",
                               [data](size_t offset, size_t, httplib::DataSink& sink) {
                                 if (offset >= data->size() / 2) return false;
                                 sink.write(data->data(), data->size() / 2);
                                 return true;
                               });
      return;
    }
    res.set_content(o->second.first, "application/octet-stream");  // httplib answers a Range with 206
  });

  server_.Delete(R"(/storage/v1/b/([^/]+)/o/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
    if (!Authorized(tokens_, req, res, kScope)) return;
    std::lock_guard lock(mu_);
    auto b = buckets_.find(req.matches[1]);
    if (b == buckets_.end()) return SendGoogleError(res, 404, "The specified bucket does not exist.", "notFound");
    if (!b->second.writable)
      return SendGoogleError(res, 403, "caller does not have storage.objects.delete access", "forbidden");
    if (b->second.objects.erase(req.matches[2]) == 0)
      return SendGoogleError(res, 404, "No such object: " + b->first + "/" + std::string(req.matches[2]), "notFound");
    res.status = 204;
  });

  server_.Post(R"(/upload/storage/v1/b/([^/]+)/o)", [this](const httplib::Request& req, httplib::Response& res) {
    if (!Authorized(tokens_, req, res, kScope)) return;
    if (req.get_param_value("uploadType") != "media" || req.get_param_value("name").empty())
      return SendGoogleError(res, 400, "uploadType=media and name are required", "invalid");
    std::lock_guard lock(mu_);
    auto b = buckets_.find(req.matches[1]);
    if (b == buckets_.end()) return SendGoogleError(res, 404, "The specified bucket does not exist.", "notFound");
    if (!b->second.writable)
      return SendGoogleError(res, 403, "caller does not have storage.objects.create access to the Google Cloud "
                                       "Storage object.", "forbidden");
    std::string name = req.get_param_value("name");
    b->second.objects[name] = {req.body, next_generation_++};
    res.set_content(Resource(b->first, name, req.body, b->second.objects[name].second).dump(), "application/json");
  });

  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::yield();
}

GcpStorageServer::~GcpStorageServer() {
  server_.stop();
  thread_.join();
}

json GcpStorageServer::Resource(const std::string& bucket, const std::string& name, const std::string& data,
                                int64_t generation) const {
  return {{"kind", "storage#object"},
          {"id", bucket + "/" + name + "/" + std::to_string(generation)},
          {"name", name},
          {"bucket", bucket},
          {"generation", std::to_string(generation)},
          {"metageneration", "1"},
          {"contentType", "application/octet-stream"},
          {"size", std::to_string(data.size())},
          {"md5Hash", Md5Base64(data)},
          {"etag", "C" + std::to_string(generation) + "EAE="},
          {"updated", "2026-01-01T00:00:00.000Z"}};
}

void GcpStorageServer::CreateBucket(const std::string& bucket, bool writable) {
  std::lock_guard lock(mu_);
  buckets_[bucket].writable = writable;
}

void GcpStorageServer::PutObject(const std::string& bucket, const std::string& name, std::string data) {
  std::lock_guard lock(mu_);
  buckets_[bucket].objects[name] = {std::move(data), next_generation_++};
}

std::optional<std::string> GcpStorageServer::GetObject(const std::string& bucket, const std::string& name) const {
  std::lock_guard lock(mu_);
  auto b = buckets_.find(bucket);
  if (b == buckets_.end()) return std::nullopt;
  auto o = b->second.objects.find(name);
  if (o == b->second.objects.end()) return std::nullopt;
  return o->second.first;
}

std::vector<std::string> GcpStorageServer::ObjectNames(const std::string& bucket, const std::string& prefix) const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  auto b = buckets_.find(bucket);
  if (b == buckets_.end()) return out;
  for (const auto& [name, _] : b->second.objects)
    if (name.rfind(prefix, 0) == 0) out.push_back(name);
  return out;
}

bool GcpStorageServer::Writable(const std::string& bucket) const {
  std::lock_guard lock(mu_);
  auto b = buckets_.find(bucket);
  return b != buckets_.end() && b->second.writable;
}

bool GcpStorageServer::HasBucket(const std::string& bucket) const {
  std::lock_guard lock(mu_);
  return buckets_.count(bucket) > 0;
}

std::vector<std::string> GcpStorageServer::ranges_seen() const {
  std::lock_guard lock(mu_);
  return ranges_;
}

void GcpStorageServer::BreakNextDownload(const std::string& name) {
  std::lock_guard lock(mu_);
  break_next_ = name;
}

}  // namespace focusd::testing
