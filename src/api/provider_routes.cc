// GET /api/v1/providers, /api/v1/providers/{p}/schema, /api/v1/providers/{p}/secret-kinds,
// /api/v1/aws/external-id.
#include "api/http_json.h"
#include "api/routes.h"
#include "providers/connector_schema.h"
#include "providers/secret_kinds.h"

namespace focusd {

void AddProviderRoutes(httplib::Server& s, const ApiContext&) {
  s.Get("/api/v1/providers", [](const httplib::Request&, httplib::Response& res) {
    nlohmann::json list = nlohmann::json::array();
    for (Provider p : AllProviders()) {
      nlohmann::json schema = ConnectorFieldSchema(p);
      schema["secret_kind_schemas"] = SecretKindSchemas(p);
      list.push_back(std::move(schema));
    }
    SendJson(res, 200, {{"providers", list}});
  });
  s.Get(R"(/api/v1/providers/([^/]+)/schema)", [](const httplib::Request& req, httplib::Response& res) {
    auto p = ParseProvider(req.matches[1].str());
    if (!p) return SendError(res, Status::NotFound("unknown provider " + req.matches[1].str()));
    SendJson(res, 200, ConnectorFieldSchema(*p));
  });
  s.Get(R"(/api/v1/providers/([^/]+)/secret-kinds)", [](const httplib::Request& req, httplib::Response& res) {
    auto p = ParseProvider(req.matches[1].str());
    if (!p) return SendError(res, Status::NotFound("unknown provider " + req.matches[1].str()));
    SendJson(res, 200, {{"secret_kinds", SecretKindSchemas(*p)}});
  });
  s.Get("/api/v1/aws/external-id", [](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200, {{"external_id", NewAwsExternalId()}});
  });
}

}  // namespace focusd
