// Where canonical FOCUS rows are kept. A load is keyed by (connector, billing period) and
// *replaces* every stored row of that key atomically: a restated month replaces the old one,
// a crash at any moment leaves the previous version readable, loading the same files twice
// leaves the same rows. Each load checks, per billing period and currency, the row count and
// the sums of BilledCost, EffectiveCost and ListCost of the source against what was stored,
// and rolls back on any difference.
//
// DuckDB (embedded, duckdb_warehouse.h) and ClickHouse (clickhouse_warehouse.h) implement it.
// Nothing here depends on DuckDB except the source, which is a table/view of canonical rows
// that a DuckDB connection (the FOCUS engine) can read.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace focusd {

class DuckConnection;

struct PeriodKey {
  std::string connector;       // the connector's id (or, for `focusd import`, a given name)
  std::string billing_period;  // "YYYY-MM": the month of BillingPeriodStart
};

// Exact totals of one (period, currency): decimals as text, so nothing is rounded.
struct CurrencyTotals {
  std::string currency;        // BillingCurrency; "" when the files have none
  int64_t rows = 0;
  std::string billed_cost = "0", effective_cost = "0", list_cost = "0";
  bool operator==(const CurrencyTotals&) const = default;
};

struct PeriodLoad {
  std::string billing_period;
  int64_t rows = 0;
  int64_t replaced_rows = 0;            // rows of the previous version that were replaced
  std::vector<CurrencyTotals> source;   // computed from the source rows
  std::vector<CurrencyTotals> stored;   // computed from the warehouse after inserting
};

struct LoadResult {
  std::string load_id;
  std::string connector;
  std::string loaded_at;                // ISO 8601 UTC
  std::vector<PeriodLoad> periods;      // sorted by billing period
  int64_t rows = 0;
};

// Rows to load: a table or view of canonical columns (canonical_schema.h) plus x_extensions
// and _file, readable on `conn`.
struct LoadSource {
  DuckConnection* conn = nullptr;
  std::string table;
  std::vector<std::string> files;       // recorded as the load's lineage
};

struct LoadOptions {
  // Called inside the load's transaction after the old rows are deleted and the new ones
  // inserted, before totals are compared and the transaction commits. For tests (a crash in
  // the middle of a replace, a tampered warehouse); leave empty otherwise.
  std::function<void(DuckConnection&)> before_commit;
  // Called by warehouses that load in steps rather than one transaction (ClickHouse: "staged"
  // once every period is in staging and checked, then "swapped YYYY-MM" after each period's
  // swap). A non-OK status stops the load right there, as if focusd had died; for tests.
  std::function<Status(const std::string& step)> on_step;
};

struct StoredPeriod {
  PeriodKey key;
  std::string load_id;
  std::string loaded_at;
  int64_t rows = 0;
  std::vector<CurrencyTotals> totals;
};

class Warehouse {
 public:
  virtual ~Warehouse() = default;
  // Creates the tables if missing; safe to call on every start.
  virtual Status EnsureSchema() = 0;
  // Replaces every (connector, period) present in `source` with the source's rows of that
  // period. Periods not in the source are left alone. DuckDB replaces them all in one
  // transaction; ClickHouse replaces each period atomically, one after the other.
  virtual Result<LoadResult> Load(const std::string& connector, const LoadSource& source,
                                  const LoadOptions& options = {}) = 0;
  virtual Status DeletePeriod(const PeriodKey& key) = 0;
  // Stored periods, of one connector or ("") of all, sorted by connector and period.
  virtual Result<std::vector<StoredPeriod>> ListPeriods(const std::string& connector = "") = 0;
};

}  // namespace focusd
