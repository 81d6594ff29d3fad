// /api/v1/connectors: create, list, get, update, delete.
#include <spdlog/spdlog.h>

#include "api/http_json.h"
#include "api/routes.h"
#include "warehouse/duckdb_warehouse.h"

namespace focusd {
namespace {

// The connector as the API shows it, with the name of its secret for display.
nlohmann::json ConnectorView(Catalog& catalog, const Connector& c) {
  nlohmann::json j = ConnectorToJson(c);
  j["secret_name"] = nullptr;
  if (c.secret_id) {
    auto s = catalog.GetSecret(*c.secret_id);
    if (s.ok()) j["secret_name"] = s->name;
  }
  return j;
}

}  // namespace

void AddConnectorRoutes(httplib::Server& s, const ApiContext& ctx) {
  s.Get("/api/v1/connectors", [ctx](const httplib::Request&, httplib::Response& res) {
    auto list = ctx.catalog->ListConnectors();
    if (!list.ok()) return SendError(res, list.status());
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& c : *list) arr.push_back(ConnectorView(*ctx.catalog, c));
    SendJson(res, 200, {{"connectors", arr}});
  });
  s.Post("/api/v1/connectors", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto body = ParseJsonBody(req, res);
    if (!body) return;
    auto r = ctx.registry->Create(*body);
    if (!r.ok()) return SendError(res, r.error.status, r.error.fields);
    spdlog::info("connector created id={} provider={}", r.value->id, ProviderName(r.value->provider));
    SendJson(res, 201, ConnectorView(*ctx.catalog, *r.value));
  });
  s.Get(R"(/api/v1/connectors/([^/]+))", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto c = ctx.catalog->GetConnector(req.matches[1].str());
    if (!c.ok()) return SendError(res, c.status());
    SendJson(res, 200, ConnectorView(*ctx.catalog, *c));
  });
  s.Put(R"(/api/v1/connectors/([^/]+))", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto body = ParseJsonBody(req, res);
    if (!body) return;
    auto r = ctx.registry->Update(req.matches[1].str(), *body);
    if (!r.ok()) return SendError(res, r.error.status, r.error.fields);
    spdlog::info("connector updated id={}", r.value->id);
    SendJson(res, 200, ConnectorView(*ctx.catalog, *r.value));
  });
  s.Delete(R"(/api/v1/connectors/([^/]+))", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto c = ctx.catalog->GetConnector(req.matches[1].str());
    if (!c.ok()) return SendError(res, c.status());
    Status st = ctx.catalog->DeleteConnector(c->id);
    if (!st.ok()) return SendError(res, st);
    // The connector's billing data and run history go with it.
    if (ctx.sync_store) (void)ctx.sync_store->ForgetConnector(c->id);
    if (ctx.db) {
      auto conn = ctx.db->Connect();
      if (conn.ok()) {
        std::unique_ptr<Warehouse> warehouse = ctx.warehouse ? ctx.warehouse->Open(conn->get())
                                                             : std::make_unique<DuckDbWarehouse>(conn->get());
        auto periods = warehouse->ListPeriods(c->id);
        if (periods.ok())
          for (const auto& p : *periods) (void)warehouse->DeletePeriod(p.key);
      }
    }
    spdlog::info("connector deleted id={}", c->id);
    res.status = 204;
  });
}

}  // namespace focusd
