#include "cli/api_client.h"

#include "http/http_client.h"

namespace focusd {

Result<nlohmann::json> ApiClient::Call(const std::string& method, const std::string& path,
                                       const nlohmann::json& body) const {
  if (token_.empty())
    return Status::Unauthenticated("no API token: pass --token or set FOCUSD_TOKEN");
  HttpRequest req;
  req.method = method;
  req.url = server_ + path;
  req.headers = {{"Authorization", "Bearer " + token_}, {"Accept", "application/json"}};
  if (!body.is_null()) {
    req.headers.push_back({"Content-Type", "application/json"});
    req.body = body.dump();
  }
  ASSIGN_OR_RETURN(HttpResponse resp, HttpClient::Send(req));
  nlohmann::json j = resp.body.empty() ? nlohmann::json() : nlohmann::json::parse(resp.body, nullptr, false);
  if (resp.status >= 200 && resp.status < 300) return j;
  if (j.is_discarded() || !j.contains("error"))
    return Status::Internal("server answered HTTP " + std::to_string(resp.status));
  const auto& e = j["error"];
  std::string msg = e.value("message", "error");
  StatusCode code = StatusCode::kInternal;
  std::string c = e.value("code", "");
  for (int i = 0; i <= static_cast<int>(StatusCode::kInternal); ++i)
    if (c == StatusCodeName(static_cast<StatusCode>(i))) code = static_cast<StatusCode>(i);
  if (e.contains("fields") && e["fields"].size() > 1) {
    msg = "invalid input:";
    for (const auto& f : e["fields"])
      msg += "\n  " + f.value("field", "") + ": " + f.value("message", "");
  }
  return Status(code, msg, e.value("field", ""));
}

}  // namespace focusd
