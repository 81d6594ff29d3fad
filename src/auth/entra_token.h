// Microsoft Entra ID client-credentials tokens for a service principal:
//   POST {authority}/{tenant}/oauth2/v2.0/token
//   grant_type=client_credentials&client_id=..&client_secret=..&scope=https://storage.azure.com/.default
// Tokens are cached and refreshed five minutes before they expire (the clock is injectable,
// so tests move time instead of sleeping). Errors carry Entra's AADSTS code and a hint,
// never the secret.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "core/secret_string.h"
#include "core/status.h"
#include "core/time.h"
#include "http/retry_policy.h"

namespace focusd {

struct EntraClientCredentials {
  std::string tenant_id;
  std::string client_id;
  SecretString client_secret;
};

class EntraTokenSource {
 public:
  // `authority_host` like "https://login.microsoftonline.com"; `scope` like
  // "https://storage.azure.com/.default". `clock` must outlive this object.
  EntraTokenSource(std::string authority_host, EntraClientCredentials credentials, std::string scope,
                   const TimeSource& clock = TimeSource::System(), std::string ca_file = "",
                   RetryPolicy retry = {});

  // A token valid for at least the refresh margin, from the cache or freshly requested.
  // Refusals are kUnauthenticated (bad tenant, client id or secret) with the AADSTS code;
  // an unreachable authority is kUnavailable.
  Result<SecretString> Token();

  // Requests made to the token endpoint so far (tests check caching with it).
  int requests() const;

  static constexpr std::chrono::minutes kRefreshMargin{5};

 private:
  std::string authority_host_;
  EntraClientCredentials credentials_;
  std::string scope_;
  const TimeSource& clock_;
  std::string ca_file_;
  RetryPolicy retry_;
  mutable std::mutex mu_;
  std::optional<SecretString> token_;
  TimePoint expires_at_{};
  int requests_ = 0;
};

// Percent-encodes for application/x-www-form-urlencoded bodies and URL query values
// (RFC 3986 unreserved characters kept).
std::string FormUrlEncode(const std::string& s);

}  // namespace focusd
