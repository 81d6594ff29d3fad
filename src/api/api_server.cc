#include "api/api_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "api/http_json.h"
#include "api/routes.h"

namespace focusd {
namespace {

bool IsApiPath(const std::string& path) { return path.rfind("/api/", 0) == 0; }

std::string BearerToken(const httplib::Request& req) {
  std::string auth = req.get_header_value("Authorization");
  static const std::string kPrefix = "Bearer ";
  if (auth.size() <= kPrefix.size() || auth.compare(0, kPrefix.size(), kPrefix) != 0) return "";
  return auth.substr(kPrefix.size());
}

}  // namespace

ApiServer::ApiServer(ApiContext ctx) : server_(std::make_unique<httplib::Server>()), ctx_(ctx) {
  RegisterRoutes();
}

ApiServer::~ApiServer() = default;

void ApiServer::RegisterRoutes() {
  auto& s = *server_;
  // Responses go out as a header write and a body write; with Nagle's algorithm the body
  // waits for the client's delayed ACK of the header.
  s.set_tcp_nodelay(true);
  // Every /api call needs a live bearer token; the UI, health and template routes don't.
  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!IsApiPath(req.path)) return httplib::Server::HandlerResponse::Unhandled;
    std::string token = BearerToken(req);
    auto ok = token.empty() ? Result<bool>(false) : ctx_.catalog->VerifyToken(token);
    if (!ok.ok() || !*ok) {
      res.set_header("WWW-Authenticate", "Bearer");
      SendError(res, Status::Unauthenticated(token.empty() ? "missing bearer token"
                                                           : "invalid or revoked token"));
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Access log: method, path (never the query or body) and status.
  s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    spdlog::info("http {} {} {}", req.method, req.path, res.status);
  });
  s.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("unhandled exception in {} {}: {}", req.method, req.path, what);
    SendError(res, Status::Internal(what));
  });
  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (res.body.empty() && IsApiPath(req.path) && res.status == 404)
      SendError(res, Status::NotFound("no such endpoint: " + req.method + " " + req.path));
  });

  s.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200, {{"status", "ok"}});
  });
  s.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    if (ready_) SendJson(res, 200, {{"status", "ready"}});
    else SendJson(res, 503, {{"status", "starting"}});
  });
  AddProviderRoutes(s, ctx_);
  AddConnectorRoutes(s, ctx_);
  AddSecretRoutes(s, ctx_);
  AddSyncRoutes(s, ctx_);
  AddTokenRoutes(s, ctx_);
  AddCostRoutes(s, ctx_);
  AddStaticRoutes(s);
}

Result<int> ApiServer::Bind(const std::string& host, int port) {
  bool ok = port == 0 ? (port = server_->bind_to_any_port(host)) > 0 : server_->bind_to_port(host, port);
  if (!ok) return Status::Unavailable("cannot listen on " + host + ":" + std::to_string(port));
  return port;
}

void ApiServer::Run() {
  ready_ = true;
  server_->listen_after_bind();
  ready_ = false;
}

void ApiServer::Stop() { server_->stop(); }

}  // namespace focusd
