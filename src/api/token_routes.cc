// POST /api/v1/tokens: a new API token, shown once.
#include <spdlog/spdlog.h>

#include "api/http_json.h"
#include "api/routes.h"

namespace focusd {

void AddTokenRoutes(httplib::Server& s, const ApiContext& ctx) {
  s.Post("/api/v1/tokens", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto body = ParseJsonBody(req, res);
    if (!body) return;
    std::string name = body->value("name", "");
    if (name.empty()) return SendError(res, Status::InvalidArgument("a token needs a name", "name"));
    auto token = ctx.catalog->CreateToken(name);
    if (!token.ok()) return SendError(res, token.status());
    spdlog::info("api token created name={}", name);
    SendJson(res, 201, {{"name", name}, {"token", *token}});
  });
}

}  // namespace focusd
