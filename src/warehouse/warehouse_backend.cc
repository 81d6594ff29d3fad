#include "warehouse/warehouse_backend.h"

#include <fstream>
#include <sstream>

#include "warehouse/clickhouse_cost_query.h"
#include "warehouse/duckdb_warehouse.h"

namespace focusd {
namespace {

class DuckDbBackendImpl : public WarehouseBackend {
 public:
  std::string name() const override { return "duckdb"; }
  std::unique_ptr<Warehouse> Open(DuckConnection* engine) override { return std::make_unique<DuckDbWarehouse>(engine); }
  Result<CostResult> Costs(DuckConnection& conn, const CostQuery& q) override { return RunCostQuery(conn, q); }
  Result<std::map<std::string, std::string>> LastChargeDays(DuckConnection& conn) override {
    // The daily rollup holds every charge row's day, in far fewer rows than focus_costs.
    ASSIGN_OR_RETURN(DuckResult r, conn.Query("SELECT connector_id, strftime(max(ChargePeriodStart), '%Y-%m-%d') "
                                              "FROM focus_daily_by_service GROUP BY connector_id"));
    std::map<std::string, std::string> out;
    for (size_t i = 0; i < r.row_count(); ++i) out[r.Text(i, 0)] = r.Text(i, 1);
    return out;
  }
};

class ClickHouseBackendImpl : public WarehouseBackend {
 public:
  explicit ClickHouseBackendImpl(ClickHouseSettings s) : settings_(std::move(s)) {}
  std::string name() const override { return settings_.cluster.empty() ? "clickhouse" : "clickhouse cluster " + settings_.cluster; }
  std::unique_ptr<Warehouse> Open(DuckConnection* engine) override {
    return std::make_unique<ClickHouseWarehouse>(settings_, engine);
  }
  Result<CostResult> Costs(DuckConnection& conn, const CostQuery& q) override {
    ASSIGN_OR_RETURN(ProviderNames providers, CatalogProviders(conn));
    ClickHouseClient client(settings_.endpoint);
    return RunClickHouseCostQuery(client, providers, q);
  }
  Result<std::map<std::string, std::string>> LastChargeDays(DuckConnection&) override {
    ClickHouseClient client(settings_.endpoint);
    ASSIGN_OR_RETURN(auto rows, client.Query("SELECT connector_id, toString(toDate(max(ChargePeriodStart))) "
                                             "FROM focus_costs GROUP BY connector_id"));
    std::map<std::string, std::string> out;
    for (const auto& row : rows)
      if (row.size() == 2 && row[0] && row[1]) out[*row[0]] = *row[1];
    return out;
  }

 private:
  ClickHouseSettings settings_;
};

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

std::shared_ptr<WarehouseBackend> DuckDbBackend() { return std::make_shared<DuckDbBackendImpl>(); }

std::shared_ptr<WarehouseBackend> ClickHouseBackend(ClickHouseSettings settings) {
  return std::make_shared<ClickHouseBackendImpl>(std::move(settings));
}

Result<std::shared_ptr<WarehouseBackend>> WarehouseBackendFromConfig(const Config& config,
                                                                    const std::map<std::string, std::string>& env) {
  if (config.warehouse == "duckdb") return DuckDbBackend();
  if (config.warehouse != "clickhouse")
    return Status::InvalidArgument("unsupported warehouse '" + config.warehouse + "'", "warehouse");
  ClickHouseSettings s;
  s.endpoint.url = config.clickhouse_url;
  s.endpoint.user = config.clickhouse_user;
  s.endpoint.database = config.clickhouse_database;
  s.cluster = config.clickhouse_cluster;
  s.shard_urls = SplitCommas(config.clickhouse_shards);
  if (s.endpoint.url.empty()) return Status::InvalidArgument("warehouse = clickhouse needs clickhouse_url", "clickhouse_url");
  if (!s.cluster.empty() && s.shard_urls.empty())
    return Status::InvalidArgument("clickhouse_cluster needs clickhouse_shards (the shards' HTTP URLs)", "clickhouse_shards");
  auto it = env.find("FOCUSD_CLICKHOUSE_PASSWORD");
  if (it != env.end()) {
    s.endpoint.password = SecretString(it->second);
  } else if (!config.clickhouse_password_file.empty()) {
    std::ifstream in(config.clickhouse_password_file);
    if (!in) return Status::NotFound("clickhouse_password_file " + config.clickhouse_password_file + " cannot be read");
    std::string pw;
    std::getline(in, pw);
    while (!pw.empty() && (pw.back() == '\r' || pw.back() == '\n')) pw.pop_back();
    s.endpoint.password = SecretString(std::move(pw));
  }
  return ClickHouseBackend(std::move(s));
}

}  // namespace focusd
