// A test double of Google's OAuth2 token endpoint for service accounts (jwt-bearer grant).
// It verifies the assertion the way Google does: RS256 signature with the registered public
// key of the issuer, aud equal to this endpoint's URI, iat/exp within a one-hour window around
// the server's clock, and a scope; then issues an opaque access token with a lifetime.
// BigQuery and Cloud Storage test servers ask it whether a bearer token is live.
#pragma once

#include <httplib.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "core/time.h"

namespace focusd::testing {

class GcpTokenServer {
 public:
  GcpTokenServer();
  ~GcpTokenServer();

  std::string token_uri() const { return "http://127.0.0.1:" + std::to_string(port_) + "/token"; }
  // JWTs whose iss is `client_email` must verify with this key ("-----BEGIN PUBLIC KEY-----").
  void AddServiceAccount(const std::string& client_email, const std::string& public_key_pem);

  // The server's clock: checks iat/exp and the issued tokens' expiry. Starts at the real time.
  void SetNow(TimePoint now);
  TimePoint Now() const;
  // Every token issued so far stops working (as if revoked).
  void ExpireAllTokens();
  int tokens_issued() const { return issued_; }

  // "" when `authorization` is "Bearer <live token>" whose scopes include `scope` (or
  // cloud-platform); otherwise why not, for a 401/403 answer.
  std::string CheckBearer(const std::string& authorization, const std::string& scope, bool* forbidden) const;

  int lifetime_seconds = 3600;

 private:
  struct Issued {
    std::string scope;
    TimePoint expires_at;
  };
  std::string Grant(const std::string& assertion, std::string* error);
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::map<std::string, std::string> public_keys_;
  std::map<std::string, Issued> tokens_;
  TimePoint now_;
  bool real_clock_ = true;
  std::atomic<int> issued_{0};
};

}  // namespace focusd::testing
