// JSON responses and the API's error format:
// {"error": {"code": "invalid_argument", "message": "...", "field": "...", "fields": [...]}}
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "core/status.h"
#include "providers/provider.h"

namespace focusd {

int HttpStatusFor(StatusCode code);
void SendJson(httplib::Response& res, int status, const nlohmann::json& body);
void SendError(httplib::Response& res, const Status& status, const std::vector<FieldError>& fields = {});
// Parses the request body as a JSON object; on failure sends a 400 and returns nullopt.
std::optional<nlohmann::json> ParseJsonBody(const httplib::Request& req, httplib::Response& res);

}  // namespace focusd
