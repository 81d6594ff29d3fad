// Which warehouse focusd stores costs in (config `warehouse = duckdb | clickhouse`), as one
// object the server, the syncs and the cost API share: it makes Warehouse instances for a
// FOCUS engine connection and runs cost queries. DuckDB is the default.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "core/config.h"
#include "core/status.h"
#include "db/duckdb.h"
#include "warehouse/clickhouse_warehouse.h"
#include "warehouse/cost_query.h"
#include "warehouse/warehouse.h"

namespace focusd {

class WarehouseBackend {
 public:
  virtual ~WarehouseBackend() = default;
  virtual std::string name() const = 0;
  // A Warehouse whose loads read their sources on `engine` (for DuckDB, also where rows go).
  virtual std::unique_ptr<Warehouse> Open(DuckConnection* engine) = 0;
  // A cost query; `conn` is a connection to focusd's DuckDB (the catalog lives there).
  virtual Result<CostResult> Costs(DuckConnection& conn, const CostQuery& q) = 0;
  // connector id -> the last day ("YYYY-MM-DD") of charges stored for it: "data complete
  // through". Connectors without rows are absent.
  virtual Result<std::map<std::string, std::string>> LastChargeDays(DuckConnection& conn) = 0;
};

std::shared_ptr<WarehouseBackend> DuckDbBackend();
std::shared_ptr<WarehouseBackend> ClickHouseBackend(ClickHouseSettings settings);

// The backend `config` names. ClickHouse's password comes from FOCUSD_CLICKHOUSE_PASSWORD in
// `env`, or from the file named by clickhouse_password_file; it is never in the config itself.
Result<std::shared_ptr<WarehouseBackend>> WarehouseBackendFromConfig(const Config& config,
                                                                    const std::map<std::string, std::string>& env);

}  // namespace focusd
