#include "auth/entra_token.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>

#include "http/http_client.h"

namespace focusd {
namespace {

// Hints for the AADSTS codes a misconfigured connector meets most.
std::string HintFor(const std::string& description) {
  if (description.find("AADSTS90002") != std::string::npos || description.find("AADSTS900023") != std::string::npos)
    return "check the Tenant ID (directory ID)";
  if (description.find("AADSTS700016") != std::string::npos)
    return "check the Client ID: no application with this ID in the tenant";
  if (description.find("AADSTS7000215") != std::string::npos)
    return "check the client secret: use the secret's Value, not its Secret ID";
  if (description.find("AADSTS7000222") != std::string::npos) return "the client secret has expired: create a new one";
  return "check the tenant ID, client ID and client secret";
}

// Replaces any occurrence of `secret` in `text` (in case a server echoes it back).
std::string Scrub(std::string text, const std::string& secret) {
  if (secret.size() < 4) return text;
  for (size_t p; (p = text.find(secret)) != std::string::npos;) text.replace(p, secret.size(), "***");
  return text;
}

}  // namespace

std::string FormUrlEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

EntraTokenSource::EntraTokenSource(std::string authority_host, EntraClientCredentials credentials, std::string scope,
                                   const TimeSource& clock, std::string ca_file, RetryPolicy retry)
    : authority_host_(std::move(authority_host)),
      credentials_(std::move(credentials)),
      scope_(std::move(scope)),
      clock_(clock),
      ca_file_(std::move(ca_file)),
      retry_(std::move(retry)) {
  while (!authority_host_.empty() && authority_host_.back() == '/') authority_host_.pop_back();
}

int EntraTokenSource::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

Result<SecretString> EntraTokenSource::Token() {
  std::lock_guard<std::mutex> lock(mu_);
  if (token_ && clock_.Now() + kRefreshMargin < expires_at_) return *token_;

  // Tenant: a GUID or a domain name. Anything else could reshape the URL path.
  static const std::regex kTenant("^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$");
  if (!std::regex_match(credentials_.tenant_id, kTenant))
    return Status::InvalidArgument("Tenant ID must be a GUID or a domain name", "tenant_id");
  if (credentials_.client_id.empty()) return Status::InvalidArgument("Client ID is required", "client_id");
  if (credentials_.client_secret.empty()) return Status::InvalidArgument("Client secret is required", "client_secret");

  std::string url = authority_host_ + "/" + credentials_.tenant_id + "/oauth2/v2.0/token";
  auto attempt = [&]() -> Result<HttpResponse> {
    HttpRequest req;
    req.method = "POST";
    req.url = url;
    req.ca_file = ca_file_;
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
    req.body = "grant_type=client_credentials&client_id=" + FormUrlEncode(credentials_.client_id) +
               "&client_secret=" + FormUrlEncode(credentials_.client_secret.Reveal()) +
               "&scope=" + FormUrlEncode(scope_);
    ++requests_;
    auto r = HttpClient::Send(req);
    std::fill(req.body.begin(), req.body.end(), '\0');
    return r;
  };
  TimePoint asked_at = clock_.Now();
  auto r = SendWithRetry(attempt, retry_);
  if (!r.ok()) return r.status().WithContext("requesting an Entra ID token");

  nlohmann::json body;
  try {
    body = nlohmann::json::parse(r->body);
  } catch (const std::exception&) {
    return Status::Unavailable("the Entra ID token endpoint answered HTTP " + std::to_string(r->status) +
                               " without JSON");
  }
  if (r->status != 200) {
    std::string description = body.value("error_description", "");
    description = description.substr(0, description.find_first_of("\r\n"));  // drop Trace/Correlation ids
    description = Scrub(description, credentials_.client_secret.Reveal());
    std::string error = body.value("error", "error");
    std::string msg = "Entra ID refused the client credentials (" + error + "): " + description + "; " +
                      HintFor(description);
    if (r->status >= 500 || r->status == 429) return Status::Unavailable(msg);
    return Status::Unauthenticated(msg);
  }
  if (!body.contains("access_token") || !body["access_token"].is_string())
    return Status::Unavailable("the Entra ID token response has no access_token");
  int64_t expires_in = 3600;
  if (body.contains("expires_in")) {
    const auto& e = body["expires_in"];
    if (e.is_number_integer()) expires_in = e.get<int64_t>();
    else if (e.is_string()) expires_in = std::atoll(e.get<std::string>().c_str());
  }
  token_ = SecretString(body["access_token"].get<std::string>());
  expires_at_ = asked_at + std::chrono::seconds(expires_in);
  return *token_;
}

}  // namespace focusd
