// The Warehouse in the embedded DuckDB database.
//
// Tables:
//   focus_costs  every canonical column (canonical_schema.h), x_extensions, and lineage:
//                connector_id, billing_period ("YYYY-MM"), source_file, load_id, loaded_at.
//   focus_loads  one row per (load, period): key, load id, status (committed | failed),
//                rows, replaced rows, source files and totals (JSON), error message.
//   focus_daily_by_service, focus_daily_by_account
//                daily rollups of focus_costs (sums of the three cost metrics and the row
//                count per connector, period, day, currency, provider, charge category, and
//                service/category/region or billing/sub account). Most cost views group by
//                these dimensions only; answering them from a rollup instead of every charge
//                row keeps them fast at tens of millions of rows. They are rebuilt for a key
//                in the same transaction that replaces its rows, so they never disagree.
//   focus_daily_by_tag
//                the same per tag key and value (a charge row with three tags counts in three
//                rows). A breakdown by one tag key reads it; the charges without that key are
//                the day's total less the key's values (cost_query.cc).
// A load is one DuckDB transaction (DELETE the key's rows, INSERT the new ones, compare
// totals, COMMIT): DuckDB's write-ahead log makes it all-or-nothing across crashes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/duckdb.h"
#include "warehouse/warehouse.h"

namespace focusd {

class DuckDbWarehouse : public Warehouse {
 public:
  // `conn` must outlive the warehouse; sources of Load() must be readable on it (temporary
  // tables are per connection).
  explicit DuckDbWarehouse(DuckConnection* conn) : conn_(conn) {}

  Status EnsureSchema() override;
  Result<LoadResult> Load(const std::string& connector, const LoadSource& source,
                          const LoadOptions& options = {}) override;
  Status DeletePeriod(const PeriodKey& key) override;
  Result<std::vector<StoredPeriod>> ListPeriods(const std::string& connector = "") override;

 private:
  DuckConnection* conn_;
};

// Rebuilds the daily rollups of the focus_costs rows matching `where` (a SQL condition on
// connector_id and billing_period). Load() calls it; so do tools that fill focus_costs
// directly (the query benchmark).
Status RefreshDailyRollups(DuckConnection& conn, const std::string& where);

// The billing period of a row (DuckDB SQL over the source's columns) is the month of its
// BillingPeriodStart. Timestamps are stored in UTC, so a period starting at local midnight east
// of UTC ("2024-09-01T00:00:00+02:00") is 2024-08-31 22:00 UTC; periods start on a day boundary
// in a zone within 14 hours of UTC, and shifting by 14 hours recovers the intended month.
inline constexpr const char* kBillingPeriodSql = "strftime(BillingPeriodStart + INTERVAL 14 HOUR, '%Y-%m')";

// Per billing period, the exact totals per currency of a source table/view of canonical rows
// (every warehouse checks what it stored against these). Sums beyond 1e20 are an error.
Result<std::map<std::string, std::vector<CurrencyTotals>>> SourcePeriodTotals(DuckConnection& conn,
                                                                             const std::string& table);
// "12.340000" -> "12.34", "5.000" -> "5", "-0.00" -> "0": the form totals are compared in.
std::string TrimZeros(std::string s);
nlohmann::json TotalsJson(const std::vector<CurrencyTotals>& v);
std::string DescribeTotals(const std::vector<CurrencyTotals>& v);

// "YYYY-MM" -> true for months 01-12 of years 1900-9999.
bool IsBillingPeriod(const std::string& s);

}  // namespace focusd
