#include "warehouse/duckdb_warehouse.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>

#include <nlohmann/json.hpp>

#include "core/random.h"
#include "core/time.h"
#include "focus/canonical_schema.h"

namespace focusd {
namespace {

constexpr const char* kPeriodExpr = kBillingPeriodSql;

// Decimal sums are exact but DuckDB's SUM over DECIMAL(38,18) wraps around silently beyond
// 1.7e20; a double sum beside it detects that (it is only compared against the bound, never
// stored or shown).
constexpr double kSumBound = 1e20;

}  // namespace

std::string TrimZeros(std::string s) {
  if (s.find('.') == std::string::npos) return s;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

namespace {

// `bound`: the last column, which ReadTotals compares against kSumBound.
std::string TotalsSelect(const std::string& period_expr, const std::string& bound) {
  return "SELECT " + period_expr +
         " AS p, coalesce(BillingCurrency, '') AS cur, count(*), "
         "coalesce(sum(BilledCost), 0), coalesce(sum(EffectiveCost), 0), "
         "coalesce(sum(ListCost), 0), " + bound;
}

// The largest of the three sums, summed as doubles (exact enough to compare with the bound;
// a DECIMAL to DOUBLE cast per value is what most of a totals query costs).
constexpr const char* kDoubleSumBound =
    "greatest(abs(coalesce(sum(CAST(BilledCost AS DOUBLE)), 0)), "
    "abs(coalesce(sum(CAST(EffectiveCost AS DOUBLE)), 0)), "
    "abs(coalesce(sum(CAST(ListCost AS DOUBLE)), 0)))";
// A cheap ceiling of kDoubleSumBound: no sum exceeds the row count times the largest value.
constexpr const char* kMaxTimesRowsBound =
    "CAST(greatest(coalesce(max(abs(BilledCost)), 0), coalesce(max(abs(EffectiveCost)), 0), "
    "coalesce(max(abs(ListCost)), 0)) AS DOUBLE) * count(*)";

// period -> totals per currency, from a totals query ordered by period, currency.
Result<std::map<std::string, std::vector<CurrencyTotals>>> ReadTotals(const DuckResult& r) {
  std::map<std::string, std::vector<CurrencyTotals>> out;
  for (size_t i = 0; i < r.row_count(); ++i) {
    if (std::stod(r.Text(i, 6)) >= kSumBound)
      return Status::InvalidArgument("billing period " + r.Text(i, 0) + ", currency " +
                                     r.Text(i, 1) + ": cost sums exceed 1e20");
    CurrencyTotals t;
    t.currency = r.Text(i, 1);
    t.rows = r.Int(i, 2);
    t.billed_cost = TrimZeros(r.Text(i, 3));
    t.effective_cost = TrimZeros(r.Text(i, 4));
    t.list_cost = TrimZeros(r.Text(i, 5));
    out[r.Text(i, 0)].push_back(t);
  }
  return out;
}

}  // namespace

nlohmann::json TotalsJson(const std::vector<CurrencyTotals>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& t : v)
    a.push_back({{"currency", t.currency}, {"rows", t.rows}, {"billed_cost", t.billed_cost},
                 {"effective_cost", t.effective_cost}, {"list_cost", t.list_cost}});
  return a;
}

std::string DescribeTotals(const std::vector<CurrencyTotals>& v) {
  std::string s;
  for (const auto& t : v)
    s += (s.empty() ? "" : "; ") + (t.currency.empty() ? std::string("(no currency)") : t.currency) +
         ": " + std::to_string(t.rows) + " rows, billed " + t.billed_cost + ", effective " +
         t.effective_cost + ", list " + t.list_cost;
  return s.empty() ? "nothing" : s;
}

namespace {

// The daily rollups (see duckdb_warehouse.h). Their columns keep focus_costs' names so that
// one cost query runs on either: RegionId holds the region as the views show it
// (RegionId, else RegionName) and ServiceProviderName the provider (else ProviderName), with
// RegionName and ProviderName left NULL; ChargePeriodStart is the start of the charge's day.
struct Rollup {
  const char* table;
  const char* dimensions;  // the grouped columns besides the shared ones
  const char* select;      // how they are computed from `source`
  const char* source;      // focus_costs rows, {where} standing for the key's condition
};

// The tag rollup has one row per tag key and value: each charge row's Tags object is read as
// a map (what json_extract_string gives for each key, so that it agrees with the charge rows'
// reading), a key written twice counts once, with its first value (as json_extract_string
// reads it), and Tags that are not a JSON object contribute no key. {entries} is the row's
// (key, value) list: finding keys written twice costs half the rollup, so it is only done when
// one of the load's distinct Tags has any (kDuplicateTagKeys).
constexpr const char* kTagMap = "TRY_CAST(TRY_CAST(Tags AS JSON) AS MAP(VARCHAR, VARCHAR))";
constexpr const char* kTagEntries =
    "(SELECT connector_id, billing_period, ChargePeriodStart, BillingCurrency, ServiceProviderName, "
    "ProviderName, ChargeCategory, BilledCost, EffectiveCost, ListCost, unnest({entries}) AS tag FROM (SELECT *, "
    "{tag_map} AS tag_map FROM focus_costs WHERE {where} AND Tags IS NOT NULL))";
constexpr const char* kFirstTagEntries =
    "CASE WHEN cardinality(tag_map) = len(list_distinct(map_keys(tag_map))) THEN map_entries(tag_map) ELSE "
    "list_filter(map_entries(tag_map), (e, i) -> list_position(map_keys(tag_map), e.key) = i) END";
constexpr const char* kDuplicateTagKeys =
    "SELECT count(*) FROM (SELECT {tag_map} AS m FROM (SELECT DISTINCT Tags FROM focus_costs WHERE {where} "
    "AND Tags IS NOT NULL)) WHERE cardinality(m) <> len(list_distinct(map_keys(m)))";

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
}

constexpr Rollup kRollups[] = {
    {"focus_daily_by_service",
     "ServiceName VARCHAR, ServiceCategory VARCHAR, RegionId VARCHAR, RegionName VARCHAR",
     "ServiceName, ServiceCategory, COALESCE(RegionId, RegionName) AS RegionId, CAST(NULL AS VARCHAR) AS RegionName",
     "focus_costs WHERE {where}"},
    {"focus_daily_by_account", "BillingAccountId VARCHAR, SubAccountId VARCHAR",
     "BillingAccountId, SubAccountId", "focus_costs WHERE {where}"},
    {"focus_daily_by_tag", "tag_key VARCHAR, tag_value VARCHAR", "tag.key AS tag_key, tag.value AS tag_value",
     kTagEntries},
};

std::string RollupCreate(const Rollup& r) {
  return std::string("CREATE TABLE IF NOT EXISTS ") + r.table +
         " (connector_id VARCHAR NOT NULL, billing_period VARCHAR NOT NULL, ChargePeriodStart TIMESTAMP, "
         "BillingCurrency VARCHAR, ServiceProviderName VARCHAR, ProviderName VARCHAR, ChargeCategory VARCHAR, " +
         r.dimensions +
         ", BilledCost DECIMAL(38,18), EffectiveCost DECIMAL(38,18), ListCost DECIMAL(38,18), charge_rows BIGINT)";
}

// Rebuilds the rollup rows of the focus_costs rows matching `where` (a SQL condition on
// connector_id / billing_period): delete, then insert them grouped.
Status RefreshRollup(DuckConnection& conn, const Rollup& r, const std::string& where) {
  RETURN_IF_ERROR(conn.Execute(std::string("DELETE FROM ") + r.table + " WHERE " + where));
  std::string source = r.source;
  ReplaceAll(source, "{where}", where);
  if (source.find("{entries}") != std::string::npos) {
    std::string check = kDuplicateTagKeys;
    ReplaceAll(check, "{where}", where);
    ReplaceAll(check, "{tag_map}", kTagMap);
    ASSIGN_OR_RETURN(DuckResult dups, conn.Query(check));
    ReplaceAll(source, "{entries}", dups.Int(0, 0) > 0 ? kFirstTagEntries : "map_entries(tag_map)");
    ReplaceAll(source, "{tag_map}", kTagMap);
  }
  return conn.Execute(std::string("INSERT INTO ") + r.table +
                      " SELECT connector_id, billing_period, date_trunc('day', ChargePeriodStart) AS ChargePeriodStart, "
                      "BillingCurrency, COALESCE(ServiceProviderName, ProviderName) AS ServiceProviderName, "
                      "CAST(NULL AS VARCHAR) AS ProviderName, ChargeCategory, " +
                      r.select + ", sum(BilledCost), sum(EffectiveCost), sum(ListCost), count(*) FROM " + source +
                      " GROUP BY ALL");
}

// TotalsSelect's columns, from a rollup's per-day sums and row counts.
std::string RollupTotalsSelect(const char* rollup) {
  return std::string("SELECT billing_period AS p, coalesce(BillingCurrency, '') AS cur, "
                     "CAST(coalesce(sum(charge_rows), 0) AS BIGINT), coalesce(sum(BilledCost), 0), "
                     "coalesce(sum(EffectiveCost), 0), coalesce(sum(ListCost), 0), ") +
         kDoubleSumBound + " FROM " + rollup;
}

}  // namespace

Result<std::map<std::string, std::vector<CurrencyTotals>>> SourcePeriodTotals(DuckConnection& conn,
                                                                             const std::string& table) {
  // Where even the ceiling stays below the bound (always, for real bills) the sums cannot
  // reach it; otherwise the double sums decide.
  const std::string rest = " FROM " + SqlIdent(table) + " GROUP BY ALL ORDER BY p, cur";
  ASSIGN_OR_RETURN(DuckResult rows, conn.Query(TotalsSelect(kPeriodExpr, kMaxTimesRowsBound) + rest));
  for (size_t i = 0; i < rows.row_count(); ++i)
    if (std::stod(rows.Text(i, 6)) >= kSumBound) {
      ASSIGN_OR_RETURN(rows, conn.Query(TotalsSelect(kPeriodExpr, kDoubleSumBound) + rest));
      break;
    }
  return ReadTotals(rows);
}

Status RefreshDailyRollups(DuckConnection& conn, const std::string& where) {
  for (const auto& r : kRollups) RETURN_IF_ERROR(RefreshRollup(conn, r, where));
  return Status::Ok();
}

bool IsBillingPeriod(const std::string& s) {
  if (s.size() != 7 || s[4] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6})
    if (s[i] < '0' || s[i] > '9') return false;
  int year = std::stoi(s.substr(0, 4)), month = std::stoi(s.substr(5, 2));
  return year >= 1900 && month >= 1 && month <= 12;
}

Status DuckDbWarehouse::EnsureSchema() {
  std::string cols;
  for (const auto& c : CanonicalColumns())
    cols += SqlIdent(std::string(c.name)) + " " + DuckDbType(c.kind) + ", ";
  RETURN_IF_ERROR(conn_->Execute(
      "CREATE TABLE IF NOT EXISTS focus_costs (" + cols +
      "x_extensions VARCHAR, connector_id VARCHAR NOT NULL, billing_period VARCHAR NOT NULL, "
      "source_file VARCHAR, load_id VARCHAR NOT NULL, loaded_at TIMESTAMP NOT NULL);"
      "CREATE TABLE IF NOT EXISTS focus_loads (load_id VARCHAR NOT NULL, connector_id VARCHAR "
      "NOT NULL, billing_period VARCHAR, loaded_at TIMESTAMP NOT NULL, status VARCHAR NOT NULL, "
      "rows BIGINT, replaced_rows BIGINT, files VARCHAR, totals VARCHAR, message VARCHAR);"));
  // A database from before the rollups existed gets them built from its rows, once.
  for (const auto& r : kRollups) {
    ASSIGN_OR_RETURN(DuckResult exists, conn_->Query("SELECT count(*) FROM information_schema.tables WHERE "
                                                     "table_name = ?", {std::string(r.table)}));
    if (exists.Int(0, 0) > 0) continue;
    RETURN_IF_ERROR(conn_->Transaction([&]() -> Status {
      RETURN_IF_ERROR(conn_->Execute(RollupCreate(r)));
      return RefreshRollup(*conn_, r, "TRUE");
    }));
  }
  return Status::Ok();
}

Result<LoadResult> DuckDbWarehouse::Load(const std::string& connector, const LoadSource& source,
                                         const LoadOptions& options) {
  if (connector.empty()) return Status::InvalidArgument("a load needs a connector", "connector");
  if (source.conn != conn_)
    return Status::InvalidArgument("the load's source must be readable on the warehouse's connection");
  LoadResult result;
  result.connector = connector;
  result.load_id = RandomId("load");
  result.loaded_at = NowIso8601();
  const std::string src = SqlIdent(source.table);

  auto t0 = std::chrono::steady_clock::now();
  auto mark = [&](const char* what) {
    if (!std::getenv("FOCUSD_IMPORT_PHASES")) return;
    auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "  load.%-14s %6.2f s\n", what, std::chrono::duration<double>(now - t0).count());
    t0 = now;
  };
  // Source totals, before anything is written.
  ASSIGN_OR_RETURN(auto src_totals, SourcePeriodTotals(*conn_, source.table));
  if (src_totals.empty()) return Status::InvalidArgument("no rows to load");
  mark("source_totals");
  std::string period_list;
  for (const auto& [p, _] : src_totals) {
    period_list += (period_list.empty() ? "" : ", ") + SqlQuote(p);
    PeriodLoad pl;
    pl.billing_period = p;
    pl.source = src_totals[p];
    for (const auto& t : pl.source) pl.rows += t.rows;
    result.rows += pl.rows;
    result.periods.push_back(std::move(pl));
  }
  const std::string key_filter = "connector_id = " + SqlQuote(connector) +
                                 " AND billing_period IN (" + period_list + ")";
  nlohmann::json files = source.files;

  Status st = conn_->Transaction([&]() -> Status {
    ASSIGN_OR_RETURN(DuckResult old, conn_->Query("SELECT billing_period, count(*) FROM focus_costs WHERE " +
                                                  key_filter + " GROUP BY ALL"));
    for (size_t i = 0; i < old.row_count(); ++i)
      for (auto& pl : result.periods)
        if (pl.billing_period == old.Text(i, 0)) pl.replaced_rows = old.Int(i, 1);
    RETURN_IF_ERROR(conn_->Execute("DELETE FROM focus_costs WHERE " + key_filter));
    RETURN_IF_ERROR(conn_->Execute(
        "INSERT INTO focus_costs BY NAME SELECT * EXCLUDE (_file), " + SqlQuote(connector) +
        " AS connector_id, " + kPeriodExpr + " AS billing_period, _file AS source_file, " +
        SqlQuote(result.load_id) + " AS load_id, CAST(" + SqlQuote(result.loaded_at) +
        " AS TIMESTAMP) AS loaded_at FROM " + src));
    mark("insert");
    // The hook runs before the rollups are rebuilt from focus_costs: whatever it does to the
    // stored rows shows in the totals compared below.
    if (options.before_commit) options.before_commit(*conn_);
    RETURN_IF_ERROR(RefreshDailyRollups(*conn_, key_filter));
    mark("rollups");
    // The stored totals are read from a daily rollup, just rebuilt from every focus_costs row
    // of the keys (GROUP BY ALL keeps NULL groups, so no row is left out): the same sums as a
    // scan of focus_costs, from a few thousand rows instead of millions.
    ASSIGN_OR_RETURN(DuckResult stored_rows,
                     conn_->Query(RollupTotalsSelect(kRollups[0].table) + " WHERE " + key_filter +
                                  " GROUP BY ALL ORDER BY p, cur"));
    ASSIGN_OR_RETURN(auto stored, ReadTotals(stored_rows));
    mark("stored_totals");
    for (auto& pl : result.periods) {
      pl.stored = stored[pl.billing_period];
      if (pl.stored != pl.source)
        return Status::Internal("billing period " + pl.billing_period +
                                ": the warehouse's totals after loading (" +
                                DescribeTotals(pl.stored) + ") differ from the source files' (" +
                                DescribeTotals(pl.source) + "); the load was rolled back");
    }
    for (const auto& pl : result.periods) {
      ASSIGN_OR_RETURN(auto ins, conn_->Query(
          "INSERT INTO focus_loads VALUES (?, ?, ?, CAST(? AS TIMESTAMP), 'committed', ?, ?, ?, ?, NULL)",
          {result.load_id, connector, pl.billing_period, result.loaded_at, pl.rows,
           pl.replaced_rows, files.dump(), TotalsJson(pl.source).dump()}));
      (void)ins;
    }
    return Status::Ok();
  });
  if (!st.ok()) {
    // Record the failure (outside the rolled-back transaction) so the UI can show it.
    for (const auto& pl : result.periods)
      (void)conn_->Query(
          "INSERT INTO focus_loads VALUES (?, ?, ?, CAST(? AS TIMESTAMP), 'failed', ?, 0, ?, ?, ?)",
          {result.load_id, connector, pl.billing_period, result.loaded_at, pl.rows, files.dump(),
           TotalsJson(pl.source).dump(), st.message()});
    return st;
  }
  return result;
}

Status DuckDbWarehouse::DeletePeriod(const PeriodKey& key) {
  if (!IsBillingPeriod(key.billing_period))
    return Status::InvalidArgument("billing period must be YYYY-MM, got '" + key.billing_period + "'",
                                   "billing_period");
  return conn_->Transaction([&]() -> Status {
    for (const char* table : {"focus_costs", "focus_daily_by_service", "focus_daily_by_account", "focus_daily_by_tag"}) {
      auto r = conn_->Query(std::string("DELETE FROM ") + table + " WHERE connector_id = ? AND billing_period = ?",
                            {key.connector, key.billing_period});
      RETURN_IF_ERROR(r.status());
    }
    return Status::Ok();
  });
}

Result<std::vector<StoredPeriod>> DuckDbWarehouse::ListPeriods(const std::string& connector) {
  std::string where = connector.empty() ? "" : " WHERE connector_id = " + SqlQuote(connector);
  ASSIGN_OR_RETURN(DuckResult r,
                   conn_->Query("SELECT connector_id, billing_period, max(load_id), "
                                "strftime(max(loaded_at), '%Y-%m-%dT%H:%M:%SZ'), "
                                "coalesce(BillingCurrency, ''), count(*), coalesce(sum(BilledCost), 0), "
                                "coalesce(sum(EffectiveCost), 0), coalesce(sum(ListCost), 0) "
                                "FROM focus_costs" + where + " GROUP BY connector_id, "
                                "billing_period, coalesce(BillingCurrency, '') ORDER BY 1, 2, 5"));
  std::vector<StoredPeriod> out;
  for (size_t i = 0; i < r.row_count(); ++i) {
    if (out.empty() || out.back().key.connector != r.Text(i, 0) ||
        out.back().key.billing_period != r.Text(i, 1)) {
      out.push_back({{r.Text(i, 0), r.Text(i, 1)}, r.Text(i, 2), r.Text(i, 3), 0, {}});
    }
    CurrencyTotals t{r.Text(i, 4), r.Int(i, 5), TrimZeros(r.Text(i, 6)), TrimZeros(r.Text(i, 7)),
                     TrimZeros(r.Text(i, 8))};
    out.back().rows += t.rows;
    out.back().totals.push_back(t);
  }
  return out;
}

}  // namespace focusd
