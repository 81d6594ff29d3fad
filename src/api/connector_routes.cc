// /api/v1/connectors: create, list, get, update, delete.
#include <spdlog/spdlog.h>

#include <map>

#include "api/http_json.h"
#include "api/routes.h"
#include "catalog/connector_freshness.h"
#include "warehouse/duckdb_warehouse.h"

namespace focusd {
namespace {

// The last day of charges stored per connector ("YYYY-MM-DD"), for "data complete through".
// Asked of the configured warehouse; when it cannot answer (no table yet, ClickHouse down)
// the connectors are still listed, without the date.
std::map<std::string, std::string> DataThrough(const ApiContext& ctx) {
  if (!ctx.db) return {};
  auto conn = ctx.db->Connect();
  if (!conn.ok()) return {};
  auto days = ctx.warehouse ? ctx.warehouse->LastChargeDays(**conn) : DuckDbBackend()->LastChargeDays(**conn);
  return days.ok() ? *days : std::map<std::string, std::string>();
}

// The connector as the API shows it: its status adjusted for stale data, the name of its
// secret for display, and the last day its stored data covers.
nlohmann::json ConnectorView(const ApiContext& ctx, const Connector& c,
                             const std::map<std::string, std::string>& through) {
  nlohmann::json j = ConnectorToJson(WithFreshness(c, Clock::now()));
  j["secret_name"] = nullptr;
  if (c.secret_id) {
    auto s = ctx.catalog->GetSecret(*c.secret_id);
    if (s.ok()) j["secret_name"] = s->name;
  }
  auto t = through.find(c.id);
  j["data_through"] = t == through.end() ? nlohmann::json(nullptr) : nlohmann::json(t->second);
  return j;
}

nlohmann::json ConnectorView(const ApiContext& ctx, const Connector& c) {
  return ConnectorView(ctx, c, DataThrough(ctx));
}

}  // namespace

void AddConnectorRoutes(httplib::Server& s, const ApiContext& ctx) {
  s.Get("/api/v1/connectors", [ctx](const httplib::Request&, httplib::Response& res) {
    auto list = ctx.catalog->ListConnectors();
    if (!list.ok()) return SendError(res, list.status());
    nlohmann::json arr = nlohmann::json::array();
    auto through = DataThrough(ctx);
    for (const auto& c : *list) arr.push_back(ConnectorView(ctx, c, through));
    SendJson(res, 200, {{"connectors", arr}});
  });
  s.Post("/api/v1/connectors", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto body = ParseJsonBody(req, res);
    if (!body) return;
    auto r = ctx.registry->Create(*body);
    if (!r.ok()) return SendError(res, r.error.status, r.error.fields);
    spdlog::info("connector created id={} provider={}", r.value->id, ProviderName(r.value->provider));
    SendJson(res, 201, ConnectorView(ctx, *r.value));
  });
  s.Get(R"(/api/v1/connectors/([^/]+))", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto c = ctx.catalog->GetConnector(req.matches[1].str());
    if (!c.ok()) return SendError(res, c.status());
    SendJson(res, 200, ConnectorView(ctx, *c));
  });
  s.Put(R"(/api/v1/connectors/([^/]+))", [ctx](const httplib::Request& req, httplib::Response& res) {
    auto body = ParseJsonBody(req, res);
    if (!body) return;
    auto r = ctx.registry->Update(req.matches[1].str(), *body);
    if (!r.ok()) return SendError(res, r.error.status, r.error.fields);
    spdlog::info("connector updated id={}", r.value->id);
    SendJson(res, 200, ConnectorView(ctx, *r.value));
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
