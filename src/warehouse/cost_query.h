// Cost queries over the warehouse (focus_costs): one metric summed, grouped by up to two
// dimensions and optionally by day or month, filtered by date range, provider, connector,
// service, account, region and tag. Every result row carries its BillingCurrency: sums are
// never taken across currencies. User values only ever reach DuckDB as bound parameters;
// dimensions and metrics are picked from fixed lists.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "db/duckdb.h"

namespace focusd {

enum class CostMetric { kBilled, kEffective, kList };
enum class TimeGrain { kNone, kDay, kMonth };

struct CostQuery {
  CostMetric metric = CostMetric::kBilled;
  // Dimension names: provider, connector, service, service_category, billing_account,
  // sub_account, region, charge_category, tag:<key>. At most two.
  std::vector<std::string> group_by;
  TimeGrain grain = TimeGrain::kNone;
  std::string from, to;  // YYYY-MM-DD on ChargePeriodStart; both inclusive; empty = open
  std::vector<std::string> providers, connectors, services, accounts, regions;
  std::vector<std::pair<std::string, std::string>> tags;  // key=value, all must match
  int limit = 1000;
  std::string order = "cost_desc";  // cost_desc | cost_asc | key (dimensions, then time)
};

struct CostRow {
  std::string currency;
  std::vector<std::optional<std::string>> dims;  // in CostResult::dimensions order
  std::string cost;                              // exact decimal text
};

struct CostTotal {
  std::string currency;
  std::string cost;
  int64_t rows = 0;  // charge rows summed
};

struct CostResult {
  std::string metric;                   // BilledCost | EffectiveCost | ListCost
  std::vector<std::string> dimensions;  // group_by names, then "day"/"month"
  std::vector<CostRow> rows;
  std::vector<CostTotal> totals;        // per currency, over all filtered rows (not limited)
  bool truncated = false;               // more groups than `limit`
};

const char* CostMetricColumn(CostMetric m);

// Builds a query from name -> values (HTTP query params / CLI flags). Lists are comma-separated
// or repeated. Errors name the parameter.
Result<CostQuery> ParseCostQuery(const std::multimap<std::string, std::string>& params);

struct CostSql {
  std::string sql;
  std::vector<DuckParam> params;
};
// Which optional tables the database has: the catalog (provider names come from the
// connector) and the warehouse's daily rollups (queries they cover read them instead of
// every charge row; the results are identical).
struct CostTables {
  bool catalog = false;
  bool rollups = false;
};
Result<CostTables> FindCostTables(DuckConnection& conn);

// The grouped SELECT (with LIMIT limit+1) and the per-currency totals SELECT.
Result<CostSql> BuildCostSql(const CostQuery& q, bool with_catalog, bool with_rollups = false);
Result<CostSql> BuildTotalsSql(const CostQuery& q, bool with_catalog, bool with_rollups = false);

Result<CostResult> RunCostQuery(DuckConnection& conn, const CostQuery& q);

// Trims an exact decimal's trailing zeros, keeping two decimals ("12.340000" -> "12.34").
std::string TrimDecimal(const std::string& s);

}  // namespace focusd
