#include "api/http_json.h"

namespace focusd {

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kUnavailable: return 503;
    default: return 500;
  }
}

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void SendError(httplib::Response& res, const Status& status, const std::vector<FieldError>& fields) {
  nlohmann::json err = {{"code", StatusCodeName(status.code())}, {"message", status.message()}};
  // Internal errors may carry details (SQL, paths) that are no business of a client.
  if (HttpStatusFor(status.code()) >= 500) err["message"] = "internal error; see the server log";
  if (!status.field().empty()) err["field"] = status.field();
  if (!fields.empty()) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& f : fields) arr.push_back({{"field", f.field}, {"message", f.message}});
    err["fields"] = std::move(arr);
  }
  SendJson(res, HttpStatusFor(status.code()), {{"error", err}});
}

std::optional<nlohmann::json> ParseJsonBody(const httplib::Request& req, httplib::Response& res) {
  auto body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    SendError(res, Status::InvalidArgument("request body must be a JSON object"));
    return std::nullopt;
  }
  return body;
}

}  // namespace focusd
