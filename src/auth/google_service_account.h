// Google service-account identity: the JSON key file, the self-signed RS256 JWT assertion
// (RFC 7523 jwt-bearer grant) and an OAuth2 access-token source that caches the token and
// refreshes it before it expires.
//
// The private key and the tokens are SecretString: no error message or log line carries them.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/secret_string.h"
#include "core/status.h"
#include "core/time.h"
#include "http/retry_policy.h"

namespace focusd {

inline constexpr char kBigQueryScope[] = "https://www.googleapis.com/auth/bigquery";
inline constexpr char kStorageReadWriteScope[] = "https://www.googleapis.com/auth/devstorage.read_write";

struct ServiceAccountKey {
  std::string project_id;
  std::string private_key_id;
  std::string client_email;
  std::string token_uri;
  SecretString private_key;  // PKCS#8 PEM

  // Parses the key file's text. Errors name the missing member and never quote the text.
  static Result<ServiceAccountKey> Parse(const std::string& key_json);
  // From a catalog secret of kind gcp_service_account: {"key_json": "<key file text>"}.
  static Result<ServiceAccountKey> FromSecretValue(const nlohmann::json& value);
};

// The signed assertion "header.claims.signature" (base64url) for the jwt-bearer grant:
// iss = client_email, scope = the scopes space-separated, aud = `audience` (the token URI),
// iat = now, exp = now + 1 hour; the header names the key (kid = private_key_id).
Result<SecretString> SignServiceAccountJwt(const ServiceAccountKey& key, const std::vector<std::string>& scopes,
                                           const std::string& audience, TimePoint now);

class GoogleTokenSource {
 public:
  // `token_uri` overrides the key's token_uri when not empty (a test server, a private
  // endpoint); the JWT's audience is the URI actually used.
  GoogleTokenSource(ServiceAccountKey key, std::vector<std::string> scopes,
                    const TimeSource& clock = TimeSource::System(), RetryPolicy policy = {},
                    std::string token_uri = "");

  // A live access token: the cached one while it has more than kRefreshMargin left,
  // otherwise a new one from the token endpoint. A refused key is kUnauthenticated with the
  // endpoint's error code and description.
  Result<SecretString> Token();
  // Drops the cached token (after an API answered 401), so the next Token() fetches anew.
  void Invalidate();

  const ServiceAccountKey& key() const { return key_; }
  const std::string& token_uri() const { return token_uri_; }

  static constexpr std::chrono::seconds kRefreshMargin{300};

 private:
  ServiceAccountKey key_;
  std::vector<std::string> scopes_;
  const TimeSource& clock_;
  RetryPolicy policy_;
  std::string token_uri_;
  std::mutex mu_;
  SecretString token_;
  TimePoint expires_at_{};
};

}  // namespace focusd
