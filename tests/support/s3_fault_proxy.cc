#include "support/s3_fault_proxy.h"

#include "http/http_client.h"

namespace focusd::testing {
namespace {

std::string ErrorXml(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message +
         "</Message><RequestId>proxy</RequestId></Error>";
}

}  // namespace

S3FaultProxy::S3FaultProxy(std::string upstream) : upstream_(std::move(upstream)) {
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); };
  server_.Get(R"(.*)", handler);
  server_.Put(R"(.*)", handler);
  server_.Post(R"(.*)", handler);
  server_.Delete(R"(.*)", handler);
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::yield();
}

S3FaultProxy::~S3FaultProxy() {
  server_.stop();
  thread_.join();
}

std::vector<std::string> S3FaultProxy::ranges_seen() {
  std::lock_guard<std::mutex> lock(mu_);
  return ranges_;
}

void S3FaultProxy::Handle(const httplib::Request& req, httplib::Response& res) {
  ++requests;
  if (req.has_header("Range")) {
    std::lock_guard<std::mutex> lock(mu_);
    ranges_.push_back(req.get_header_value("Range"));
  }
  const std::string auth = req.get_header_value("Authorization");
  if (!expired_access_key.empty() && auth.find("Credential=" + expired_access_key + "/") != std::string::npos) {
    res.status = 400;
    res.set_content(ErrorXml("ExpiredToken", "The provided token has expired."), "application/xml");
    return;
  }
  if (!bucket_region.empty() && auth.find("/" + bucket_region + "/s3/aws4_request") == std::string::npos) {
    res.status = 301;
    res.set_header("x-amz-bucket-region", bucket_region);
    if (req.method != "HEAD")
      res.set_content("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PermanentRedirect</Code><Message>"
                      "The bucket you are attempting to access must be addressed using the specified endpoint."
                      "</Message><Region>" + bucket_region + "</Region></Error>",
                      "application/xml");
    return;
  }
  if (deny_all) {
    res.status = 403;
    res.set_content(ErrorXml("AccessDenied", "Access Denied"), "application/xml");
    return;
  }
  if (slow_down_next > 0) {
    --slow_down_next;
    res.status = 503;
    res.set_content(ErrorXml("SlowDown", "Please reduce your request rate."), "application/xml");
    return;
  }
  HttpRequest up;
  up.method = req.method;
  up.url = upstream_ + req.target;
  for (const auto& [k, v] : req.headers) {
    std::string lk = k;
    for (auto& c : lk) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lk == "content-length" || lk == "connection" || lk == "range" || lk == "accept" ||
        lk == "remote_addr" || lk == "remote_port" || lk == "local_addr" || lk == "local_port")
      continue;
    up.headers.emplace_back(k, v);
  }
  up.body = req.body;
  auto r = HttpClient::Send(up);
  if (!r.ok()) {
    res.status = 502;
    return;
  }
  // A 200 is left to httplib, which answers a Range request with 206 and the slice.
  if (r->status != 200) res.status = static_cast<int>(r->status);
  for (const auto& [k, v] : r->headers) {
    if (k == "content-length" || k == "transfer-encoding" || k == "connection" || k == "content-type" ||
        k == "date" || k == "server")
      continue;
    res.set_header(k, v);
  }
  std::string type = r->headers.count("content-type") ? r->headers.at("content-type") : "application/octet-stream";
  const bool object_get = req.method == "GET" && req.params.empty() && r->status == 200;
  if (object_get && !req.has_header("Range") && break_next_object_get > 0) {
    --break_next_object_get;
    auto body = std::make_shared<std::string>(std::move(r->body));
    // Promise every byte, send half, then close: a network break mid-download.
    res.set_content_provider(body->size(), type, [body](size_t offset, size_t, httplib::DataSink& sink) {
      if (offset >= body->size() / 2) return false;
      sink.write(body->data(), body->size() / 2);
      return true;
    });
    return;
  }
  res.set_content(r->body, type);
}

}  // namespace focusd::testing
