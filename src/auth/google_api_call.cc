#include "auth/google_api_call.h"

#include <nlohmann/json.hpp>

namespace focusd {

Result<HttpResponse> SendGoogleApi(GoogleTokenSource& tokens, const std::function<HttpRequest()>& build,
                                   const RetryPolicy& policy) {
  auto once = [&]() -> Result<HttpResponse> {
    return SendWithRetry(
        [&]() -> Result<HttpResponse> {
          ASSIGN_OR_RETURN(SecretString token, tokens.Token());
          HttpRequest req = build();
          req.headers.push_back({"Authorization", "Bearer " + token.Reveal()});
          return HttpClient::Send(req);
        },
        policy);
  };
  auto resp = once();
  if (resp.ok() && resp->status == 401) {
    tokens.Invalidate();
    resp = once();
  }
  return resp;
}

Status GoogleApiError(const HttpResponse& response, const std::string& what) {
  std::string message;
  auto doc = nlohmann::json::parse(response.body, nullptr, false);
  if (doc.is_object() && doc.contains("error")) {
    const auto& e = doc["error"];
    if (e.is_object() && e.contains("message") && e["message"].is_string()) message = e["message"];
    else if (e.is_string()) message = e.get<std::string>();
  }
  if (message.empty()) message = response.body.substr(0, 200);
  std::string text = what + ": HTTP " + std::to_string(response.status) + (message.empty() ? "" : ": " + message);
  StatusCode code = StatusCode::kInternal;
  switch (response.status) {
    case 400: code = StatusCode::kInvalidArgument; break;
    case 401: code = StatusCode::kUnauthenticated; break;
    case 403: code = StatusCode::kPermissionDenied; break;
    case 404: code = StatusCode::kNotFound; break;
    case 409: code = StatusCode::kAlreadyExists; break;
    case 412: code = StatusCode::kFailedPrecondition; break;
    default:
      if (IsRetryableHttpStatus(response.status)) code = StatusCode::kUnavailable;
  }
  return Status(code, text);
}

}  // namespace focusd
