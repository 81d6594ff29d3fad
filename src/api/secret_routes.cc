// /api/v1/secrets: create, list, delete. A secret's value goes in once and never comes out:
// responses carry SecretInfo only, and nothing here logs a request body.
#include <spdlog/spdlog.h>

#include "api/http_json.h"
#include "api/routes.h"

namespace focusd {

void AddSecretRoutes(httplib::Server& s, const ApiContext& ctx) {
  s.Get("/api/v1/secrets", [ctx](const httplib::Request&, httplib::Response& res) {
    auto list = ctx.catalog->ListSecrets();
    if (!list.ok()) return SendError(res, list.status());
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& info : *list) arr.push_back(SecretInfoToJson(info));
    SendJson(res, 200, {{"secrets", arr}});
  });
  s.Post("/api/v1/secrets", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto body = ParseJsonBody(req, res);
    if (!body) return;
    auto r = ctx.registry->CreateSecret(*body);
    if (!r.ok()) return SendError(res, r.error.status, r.error.fields);
    spdlog::info("secret created id={} kind={}", r.value->id, r.value->kind);
    SendJson(res, 201, SecretInfoToJson(*r.value));
  });
  s.Get(R"(/api/v1/secrets/([^/]+))", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto info = ctx.catalog->GetSecret(req.matches[1].str());
    if (!info.ok()) return SendError(res, info.status());
    SendJson(res, 200, SecretInfoToJson(*info));
  });
  s.Delete(R"(/api/v1/secrets/([^/]+))", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto info = ctx.catalog->GetSecret(req.matches[1].str());
    if (!info.ok()) return SendError(res, info.status());
    Status st = ctx.catalog->DeleteSecret(info->id);
    if (!st.ok()) return SendError(res, st);
    spdlog::info("secret deleted id={}", info->id);
    res.status = 204;
  });
}

}  // namespace focusd
