// Google's JSON error document and bearer-token checks, shared by the GCP test servers.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/gcp_token_server.h"

namespace focusd::testing {

inline const char* GoogleStatusName(int code) {
  switch (code) {
    case 400: return "INVALID_ARGUMENT";
    case 401: return "UNAUTHENTICATED";
    case 403: return "PERMISSION_DENIED";
    case 404: return "NOT_FOUND";
    case 409: return "ALREADY_EXISTS";
    default: return "INTERNAL";
  }
}

// {"error": {"code", "message", "errors": [{"message", "domain", "reason"}], "status"}}
inline void SendGoogleError(httplib::Response& res, int code, const std::string& message, const std::string& reason) {
  nlohmann::json doc = {{"error",
                         {{"code", code},
                          {"message", message},
                          {"errors", {{{"message", message}, {"domain", "global"}, {"reason", reason}}}},
                          {"status", GoogleStatusName(code)}}}};
  res.status = code;
  res.set_content(doc.dump(), "application/json");
}

// Answers 401/403 and returns false unless the request carries a live token with `scope`.
inline bool Authorized(const GcpTokenServer& tokens, const httplib::Request& req, httplib::Response& res,
                       const std::string& scope) {
  bool forbidden = false;
  std::string why = tokens.CheckBearer(req.get_header_value("Authorization"), scope, &forbidden);
  if (why.empty()) return true;
  if (forbidden) SendGoogleError(res, 403, why, "insufficientPermissions");
  else SendGoogleError(res, 401, why, "authError");
  return false;
}

}  // namespace focusd::testing
