#include "support/entra_token_server.h"

#include <nlohmann/json.hpp>

#include <chrono>

namespace focusd::testing {
namespace {

std::string Base64Url(const std::string& in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  int val = 0, bits = -6;
  for (unsigned char c : in) {
    val = (val << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out.push_back(kAlphabet[(val >> bits) & 0x3F]);
      bits -= 6;
    }
  }
  if (bits > -6) out.push_back(kAlphabet[((val << 8) >> (bits + 8)) & 0x3F]);
  return out;
}

void Refuse(httplib::Response& res, int status, const std::string& error, int code, const std::string& text) {
  nlohmann::json body = {
      {"error", error},
      {"error_description", "AADSTS" + std::to_string(code) + ": " + text +
                                "\r\nTrace ID: 00000000-0000-0000-0000-000000000000\r\nCorrelation ID: "
                                "00000000-0000-0000-0000-000000000000\r\nTimestamp: 2026-11-25 08:00:00Z"},
      {"error_codes", {code}},
      {"timestamp", "2026-11-25 08:00:00Z"},
      {"trace_id", "00000000-0000-0000-0000-000000000000"},
      {"correlation_id", "00000000-0000-0000-0000-000000000000"}};
  res.status = status;
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

}  // namespace

EntraTokenServer::EntraTokenServer(EntraTokenServerOptions options) : options_(std::move(options)) {
  server_.Post(R"(/([^/]+)/oauth2/v2\.0/token)", [this](const httplib::Request& req, httplib::Response& res) {
    std::string tenant = req.matches[1];
    auto param = [&](const char* name) { return req.has_param(name) ? req.get_param_value(name) : std::string(); };
    if (tenant != options_.tenant_id) {
      ++refused_;
      return Refuse(res, 400, "invalid_request", 90002,
                    "Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID and are "
                    "signing into the correct cloud.");
    }
    if (param("grant_type") != "client_credentials") {
      ++refused_;
      return Refuse(res, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
    }
    if (param("client_id") != options_.client_id) {
      ++refused_;
      return Refuse(res, 400, "unauthorized_client", 700016,
                    "Application with identifier '" + param("client_id") + "' was not found in the directory '" +
                        tenant + "'.");
    }
    if (param("client_secret") != options_.client_secret) {
      ++refused_;
      return Refuse(res, 401, "invalid_client", 7000215,
                    "Invalid client secret provided. Ensure the secret being sent in the request is the client "
                    "secret value, not the client secret ID, for a secret added to app '" + options_.client_id + "'.");
    }
    if (param("scope") != "https://storage.azure.com/.default") {
      ++refused_;
      return Refuse(res, 400, "invalid_scope", 70011, "The provided request must include a 'scope' input parameter.");
    }
    int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
    nlohmann::json header = {{"typ", "JWT"}, {"alg", "RS256"}, {"kid", "test"}};
    nlohmann::json claims = {{"aud", "https://storage.azure.com"},
                             {"iss", options_.issuer_host + "/" + tenant + "/"},
                             {"iat", now - 300}, {"nbf", now - 300}, {"exp", now + options_.expires_in},
                             {"appid", options_.client_id}, {"tid", tenant}, {"oid", "test-object-id"},
                             {"sub", "test-object-id"}, {"ver", "1.0"}};
    std::string token = Base64Url(header.dump()) + "." + Base64Url(claims.dump()) + "." + Base64Url("unsigned");
    ++issued_;
    nlohmann::json body = {{"token_type", "Bearer"}, {"expires_in", options_.expires_in},
                           {"ext_expires_in", options_.expires_in}, {"access_token", token}};
    res.set_content(body.dump(), "application/json; charset=utf-8");
  });
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::yield();
}

EntraTokenServer::~EntraTokenServer() {
  server_.stop();
  thread_.join();
}

}  // namespace focusd::testing
