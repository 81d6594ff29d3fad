#include "support/oci_object_storage_server.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "auth/oci_signer.h"
#include "http/http_date.h"

namespace focusd::testing {
namespace {

constexpr auto kMaxClockSkew = std::chrono::minutes(5);

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string IsoMillis(TimePoint t) {
  std::string s = FormatIso8601(t);  // "...:SSZ"
  return s.substr(0, s.size() - 1) + ".000Z";
}

void Error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  res.status = status;
  res.set_content(nlohmann::json{{"code", code}, {"message", message}}.dump(), "application/json");
}

std::string DecodeBase64(const std::string& in) {
  std::string out(in.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) return "";
  size_t pad = 0;
  for (size_t i = in.size(); i > 0 && in[i - 1] == '='; --i) ++pad;
  out.resize(static_cast<size_t>(n) - std::min<size_t>(pad, n));
  return out;
}

// key="value",key="value" (the Authorization header after "Signature ").
std::map<std::string, std::string> ParseSignatureParams(const std::string& s) {
  std::map<std::string, std::string> out;
  static const std::regex kParam(R"re(\s*([A-Za-z]+)="([^"]*)"\s*,?)re");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kParam); it != std::sregex_iterator(); ++it)
    out[(*it)[1]] = (*it)[2];
  return out;
}

bool VerifyRsaSha256(const std::string& public_pem, const std::string& data, const std::string& signature) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())), &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr),
                                                          &EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  bool ok = key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
            EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                             reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  ERR_clear_error();
  return ok;
}

}  // namespace

OciObjectStorageServer::OciObjectStorageServer() : now_([] { return Clock::now(); }) {
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); };
  server_.Get(R"(/.*)", handler);
  server_.Post(R"(/.*)", handler);
  server_.Put(R"(/.*)", handler);
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::yield();  // listening starts on the thread
}

OciObjectStorageServer::~OciObjectStorageServer() {
  server_.stop();
  thread_.join();
}

std::string OciObjectStorageServer::endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string OciObjectStorageServer::PublicKeyPem(const std::string& private_key_pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> in(
      BIO_new_mem_buf(private_key_pem.data(), static_cast<int>(private_key_pem.size())), &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr),
                                                          &EVP_PKEY_free);
  if (!key) throw std::runtime_error("PublicKeyPem: not a private key");
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PUBKEY(out.get(), key.get());
  char* data = nullptr;
  long n = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

void OciObjectStorageServer::AddApiKey(const std::string& key_id, const std::string& public_key_pem) {
  std::lock_guard<std::mutex> lock(mu_);
  public_keys_[key_id] = public_key_pem;
}

void OciObjectStorageServer::AllowRead(const std::string& key_id, const std::string& ns, const std::string& bucket) {
  std::lock_guard<std::mutex> lock(mu_);
  grants_.insert({key_id, {ns, bucket}});
}

void OciObjectStorageServer::CreateBucket(const std::string& ns, const std::string& bucket) {
  std::lock_guard<std::mutex> lock(mu_);
  buckets_[{ns, bucket}];
}

void OciObjectStorageServer::PutObject(const std::string& ns, const std::string& bucket, const std::string& name,
                                       std::string body, TimePoint modified) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& objects = buckets_[{ns, bucket}];
  auto it = objects.find(name);
  Object o;
  o.created = it == objects.end() ? modified : it->second.created;
  o.modified = modified;
  o.body = std::move(body);
  char etag[64];
  std::snprintf(etag, sizeof etag, "%08x-%04x-etag", static_cast<unsigned>(std::hash<std::string>{}(o.body)),
                ++etag_counter_);
  o.etag = etag;
  objects[name] = std::move(o);
}

void OciObjectStorageServer::TouchObject(const std::string& ns, const std::string& bucket, const std::string& name,
                                         TimePoint modified) {
  std::lock_guard<std::mutex> lock(mu_);
  buckets_[{ns, bucket}].at(name).modified = modified;
}

void OciObjectStorageServer::DeleteObject(const std::string& ns, const std::string& bucket, const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  buckets_[{ns, bucket}].erase(name);
}

void OciObjectStorageServer::SetClock(std::function<TimePoint()> now) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ = std::move(now);
}

void OciObjectStorageServer::SetPageSize(int objects) {
  std::lock_guard<std::mutex> lock(mu_);
  page_size_ = objects;
}

void OciObjectStorageServer::FailNext(int count, int status) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_count_ = count;
  fail_status_ = status;
}

void OciObjectStorageServer::BreakNextDownload(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  break_next_.insert(name);
}

std::vector<OciObjectStorageServer::LoggedRequest> OciObjectStorageServer::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return log_;
}

void OciObjectStorageServer::ClearRequests() {
  std::lock_guard<std::mutex> lock(mu_);
  log_.clear();
}

// Called with mu_ held.
std::string OciObjectStorageServer::Authenticate(const httplib::Request& req, std::string* key_id) {
  std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Signature ", 0) != 0) return "no Authorization: Signature header";
  auto params = ParseSignatureParams(auth.substr(10));
  if (params["version"] != "1") return "signature version is not 1";
  if (params["algorithm"] != "rsa-sha256") return "algorithm is not rsa-sha256";
  *key_id = params["keyId"];
  std::vector<std::string> signed_names;
  std::istringstream names(params["headers"]);
  for (std::string n; names >> n;) signed_names.push_back(Lower(n));
  for (const std::string& required : OciRequiredSignedHeaders(req.method)) {
    bool has = std::find(signed_names.begin(), signed_names.end(), required) != signed_names.end();
    if (!has && required == "date")  // OCI accepts x-date in place of date
      has = std::find(signed_names.begin(), signed_names.end(), "x-date") != signed_names.end();
    if (!has) return "header " + required + " is not signed";
  }
  bool x_date = std::find(signed_names.begin(), signed_names.end(), "x-date") != signed_names.end();
  auto date = ParseHttpDate(req.get_header_value(x_date ? "x-date" : "date"));
  if (!date) return "no valid date header";
  auto skew = *date > now_() ? *date - now_() : now_() - *date;
  if (skew > kMaxClockSkew) return "date is more than 5 minutes off the server clock";
  auto key = public_keys_.find(*key_id);
  if (key == public_keys_.end()) return "unknown keyId";
  if (OciMethodSignsBody(req.method) && req.get_header_value("x-content-sha256") != OciContentSha256(req.body))
    return "x-content-sha256 does not match the body";
  auto signing_string =
      OciSigningString(signed_names, Lower(req.method) + " " + req.target,
                       [&](const std::string& n) -> std::optional<std::string> {
                         if (!req.has_header(n.c_str())) return std::nullopt;
                         return req.get_header_value(n.c_str());
                       });
  if (!signing_string.ok()) return signing_string.status().message();
  if (!VerifyRsaSha256(key->second, *signing_string, DecodeBase64(params["signature"])))
    return "signature does not verify with the public key of " + *key_id;
  return "";
}

void OciObjectStorageServer::Handle(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard<std::mutex> lock(mu_);
  LoggedRequest entry{req.method, req.target, 0, req.get_header_value("Range"), ""};
  res.set_header("opc-request-id", "test-" + std::to_string(++request_counter_));
  auto finish = [&] {
    entry.status = res.status;
    log_.push_back(entry);
  };
  if (fail_count_ > 0) {
    --fail_count_;
    if (fail_status_ == 429)
      Error(res, 429, "TooManyRequests", "Too many requests for the tenancy");
    else
      Error(res, fail_status_, "ServiceUnavailable", "Service is temporarily unavailable");
    return finish();
  }
  std::string key_id;
  entry.auth_error = Authenticate(req, &key_id);
  if (!entry.auth_error.empty()) {
    Error(res, 401, "NotAuthenticated",
          "The required information to complete authentication was not provided or was incorrect.");
    return finish();
  }
  static const std::regex kPath(R"(/n/([^/]+)/b/([^/]+)/o(?:/(.+))?)");
  std::smatch m;
  if (!std::regex_match(req.path, m, kPath) || (req.method != "GET" && req.method != "HEAD")) {
    Error(res, 404, "NotFound", "Not found");
    return finish();
  }
  BucketKey bucket{m[1], m[2]};
  auto b = buckets_.find(bucket);
  if (b == buckets_.end() || !grants_.count({key_id, bucket})) {
    // OCI answers "no such bucket" and "not allowed to read it" alike.
    Error(res, 404, "BucketNotFound",
          "Either the bucket named '" + bucket.second + "' does not exist in the namespace '" + bucket.first +
              "' or you are not authorized to access it");
    return finish();
  }
  if (!m[3].matched) {
    HandleList(req, res, b->second);
    return finish();
  }
  std::string name = m[3];
  auto o = b->second.find(name);
  if (o == b->second.end()) {
    Error(res, 404, "ObjectNotFound",
          "The object '" + name + "' was not found in the bucket '" + bucket.second + "'");
    return finish();
  }
  HandleGet(req, res, name, o->second);
  finish();
}

void OciObjectStorageServer::HandleList(const httplib::Request& req, httplib::Response& res,
                                        const std::map<std::string, Object>& objects) {
  std::string prefix = req.get_param_value("prefix");
  std::string start = req.get_param_value("start");
  int limit = req.has_param("limit") ? std::stoi(req.get_param_value("limit")) : 1000;
  limit = std::min(limit, page_size_);
  std::set<std::string> fields;
  std::istringstream f(req.get_param_value("fields"));
  for (std::string field; std::getline(f, field, ',');) fields.insert(field);
  nlohmann::json list = nlohmann::json::array();
  std::string next;
  for (auto it = objects.lower_bound(start); it != objects.end(); ++it) {
    if (it->first.rfind(prefix, 0) != 0) continue;
    if (static_cast<int>(list.size()) == limit) {
      next = it->first;
      break;
    }
    nlohmann::json o = {{"name", it->first}};
    if (fields.count("size")) o["size"] = it->second.body.size();
    if (fields.count("etag")) o["etag"] = it->second.etag;
    if (fields.count("timeCreated")) o["timeCreated"] = IsoMillis(it->second.created);
    if (fields.count("timeModified")) o["timeModified"] = IsoMillis(it->second.modified);
    list.push_back(std::move(o));
  }
  nlohmann::json doc = {{"objects", list}, {"prefixes", nlohmann::json::array()}};
  if (!next.empty()) doc["nextStartWith"] = next;
  res.status = 200;
  res.set_content(doc.dump(), "application/json");
}

void OciObjectStorageServer::HandleGet(const httplib::Request& req, httplib::Response& res, const std::string& name,
                                       const Object& object) {
  std::string if_match = req.get_header_value("if-match");
  if (!if_match.empty() && if_match != object.etag && if_match != "\"" + object.etag + "\"") {
    Error(res, 412, "IfMatchFailed", "The If-Match header does not match the current ETag of the object");
    return;
  }
  res.set_header("ETag", object.etag);
  res.set_header("last-modified", FormatHttpDate(object.modified));
  if (req.method == "GET" && break_next_.erase(name) && !req.has_header("Range")) {
    auto body = std::make_shared<std::string>(object.body);
    // Promise the whole body, deliver half, then close: a connection broken mid-download.
    res.set_content_provider(body->size(), "application/octet-stream",
                             [body](size_t offset, size_t, httplib::DataSink& sink) {
                               if (offset >= body->size() / 2) return false;
                               sink.write(body->data(), body->size() / 2);
                               return true;
                             });
    return;
  }
  // Status left unset: httplib then answers 200, or 206 with the requested range.
  res.set_content(object.body, "application/octet-stream");
}

}  // namespace focusd::testing
