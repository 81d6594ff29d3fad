#include "support/gcp_token_server.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "auth/base64url.h"
#include "core/random.h"

namespace focusd::testing {
namespace {

using json = nlohmann::json;

bool VerifyRs256(const std::string& public_pem, const std::string& input, const std::string& sig) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())),
                                                &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr),
                                                          &EVP_PKEY_free);
  if (!key) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
}

void InvalidGrant(httplib::Response& res, const std::string& description) {
  res.status = 400;
  res.set_content(json{{"error", "invalid_grant"}, {"error_description", description}}.dump(), "application/json");
}

}  // namespace

GcpTokenServer::GcpTokenServer() {
  server_.Post("/token", [this](const httplib::Request& req, httplib::Response& res) {
    if (req.get_param_value("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer") {
      res.status = 400;
      res.set_content(R"({"error":"unsupported_grant_type","error_description":"Invalid grant_type"})",
                      "application/json");
      return;
    }
    std::string error;
    std::string token = Grant(req.get_param_value("assertion"), &error);
    if (token.empty()) return InvalidGrant(res, error);
    res.set_content(json{{"access_token", token}, {"expires_in", lifetime_seconds}, {"token_type", "Bearer"}}.dump(),
                    "application/json");
  });
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::yield();
}

GcpTokenServer::~GcpTokenServer() {
  server_.stop();
  thread_.join();
}

void GcpTokenServer::AddServiceAccount(const std::string& client_email, const std::string& public_key_pem) {
  std::lock_guard lock(mu_);
  public_keys_[client_email] = public_key_pem;
}

void GcpTokenServer::SetNow(TimePoint now) {
  std::lock_guard lock(mu_);
  now_ = now;
  real_clock_ = false;
}

TimePoint GcpTokenServer::Now() const {
  std::lock_guard lock(mu_);
  return real_clock_ ? Clock::now() : now_;
}

void GcpTokenServer::ExpireAllTokens() {
  std::lock_guard lock(mu_);
  tokens_.clear();
}

std::string GcpTokenServer::Grant(const std::string& assertion, std::string* error) {
  size_t d1 = assertion.find('.');
  size_t d2 = d1 == std::string::npos ? d1 : assertion.find('.', d1 + 1);
  if (d2 == std::string::npos) {
    *error = "Invalid JWT: not three segments";
    return "";
  }
  auto header_text = Base64UrlDecode(assertion.substr(0, d1));
  auto claims_text = Base64UrlDecode(assertion.substr(d1 + 1, d2 - d1 - 1));
  auto sig = Base64UrlDecode(assertion.substr(d2 + 1));
  json header = json::parse(header_text.value_or(""), nullptr, false);
  json claims = json::parse(claims_text.value_or(""), nullptr, false);
  if (!sig || !header.is_object() || !claims.is_object()) {
    *error = "Invalid JWT: malformed";
    return "";
  }
  if (header.value("alg", "") != "RS256") {
    *error = "Invalid JWT: alg must be RS256";
    return "";
  }
  TimePoint now = Now();
  std::lock_guard lock(mu_);
  auto key = public_keys_.find(claims.value("iss", ""));
  if (key == public_keys_.end()) {
    *error = "Invalid grant: account not found";
    return "";
  }
  if (!VerifyRs256(key->second, assertion.substr(0, d2), *sig)) {
    *error = "Invalid JWT Signature.";
    return "";
  }
  if (claims.value("aud", "") != token_uri()) {
    *error = "Invalid JWT: Failed audience check.";
    return "";
  }
  int64_t iat = claims.value("iat", int64_t{0});
  int64_t exp = claims.value("exp", int64_t{0});
  int64_t t = ToUnixSeconds(now);
  if (iat > t + 60 || exp <= t || exp - iat > 3600) {
    *error = "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
             "Check your iat and exp values in the JWT claim.";
    return "";
  }
  std::string scope = claims.value("scope", "");
  if (scope.empty()) {
    *error = "Invalid JWT: no scope";
    return "";
  }
  std::string token = "ya29.test-" + RandomHex(16);
  tokens_[token] = Issued{scope, now + std::chrono::seconds(lifetime_seconds)};
  ++issued_;
  return token;
}

std::string GcpTokenServer::CheckBearer(const std::string& authorization, const std::string& scope,
                                        bool* forbidden) const {
  *forbidden = false;
  const std::string prefix = "Bearer ";
  if (authorization.rfind(prefix, 0) != 0) return "Request is missing required authentication credential.";
  TimePoint now = Now();
  std::lock_guard lock(mu_);
  auto it = tokens_.find(authorization.substr(prefix.size()));
  if (it == tokens_.end() || it->second.expires_at <= now)
    return "Request had invalid authentication credentials. Expected OAuth 2 access token.";
  const std::string& granted = it->second.scope;
  if (granted.find(scope) == std::string::npos &&
      granted.find("https://www.googleapis.com/auth/cloud-platform") == std::string::npos) {
    *forbidden = true;
    return "Request had insufficient authentication scopes.";
  }
  return "";
}

}  // namespace focusd::testing
