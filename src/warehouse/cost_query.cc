#include "warehouse/cost_query.h"

#include <algorithm>
#include <cctype>

namespace focusd {
namespace {

constexpr int kMaxLimit = 100000;

bool IsDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    std::string item = s.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

// A JSON pointer (RFC 6901) for one top-level key, so any key text is just data to DuckDB.
std::string JsonPointer(const std::string& key) {
  std::string p = "/";
  for (char ch : key) {
    if (ch == '~') p += "~0";
    else if (ch == '/') p += "~1";
    else p += ch;
  }
  return p;
}

std::string ProviderExpr(bool with_catalog) {
  return with_catalog ? "COALESCE(cc.provider, c.ServiceProviderName, c.ProviderName)"
                      : "COALESCE(c.ServiceProviderName, c.ProviderName)";
}

// SQL for a whitelisted dimension; tag keys become a bound JSON pointer.
Result<std::string> DimensionExpr(const std::string& dim, bool with_catalog, std::vector<DuckParam>* params,
                                  bool tag_rollup = false) {
  if (dim == "provider") return ProviderExpr(with_catalog);
  if (dim == "connector") return std::string("c.connector_id");
  if (dim == "service") return std::string("c.ServiceName");
  if (dim == "service_category") return std::string("c.ServiceCategory");
  if (dim == "billing_account") return std::string("c.BillingAccountId");
  if (dim == "sub_account") return std::string("c.SubAccountId");
  if (dim == "region") return std::string("COALESCE(c.RegionId, c.RegionName)");
  if (dim == "charge_category") return std::string("c.ChargeCategory");
  if (dim.rfind("tag:", 0) == 0 && dim.size() > 4) {
    if (tag_rollup) return std::string("c.tag_value");
    params->push_back(JsonPointer(dim.substr(4)));
    return std::string("json_extract_string(c.Tags, ?)");
  }
  return Status::InvalidArgument(
      "group_by: unknown dimension '" + dim +
          "' (use provider, connector, service, service_category, billing_account, sub_account, "
          "region, charge_category, tag:<key>, day or month)",
      "group_by");
}

void AddIn(const std::string& expr, const std::vector<std::string>& values, bool lower, std::string* where,
           std::vector<DuckParam>* params) {
  if (values.empty()) return;
  *where += " AND " + (lower ? "lower(" + expr + ")" : expr) + " IN (";
  for (size_t i = 0; i < values.size(); ++i) {
    *where += i ? ", " : "";
    *where += lower ? "lower(?)" : "?";
    params->push_back(values[i]);
  }
  *where += ")";
}

// What a query reads: a daily rollup (duckdb_warehouse.h) when one holds every dimension and
// filter it uses, else every charge row.
struct CostSource {
  std::string table = "focus_costs";
  std::string tag_key;  // set when the tag rollup answers a breakdown by this tag key
  bool rollup() const { return table != "focus_costs"; }
};

CostSource SourceOf(const CostQuery& q, bool with_rollups) {
  CostSource s;
  if (!with_rollups || !q.tags.empty()) return s;
  auto covers = [&](const std::vector<std::string>& dims, bool services, bool regions, bool accounts) {
    for (const auto& d : q.group_by)
      if (std::find(dims.begin(), dims.end(), d) == dims.end()) return false;
    return (services || q.services.empty()) && (regions || q.regions.empty()) && (accounts || q.accounts.empty());
  };
  if (covers({"provider", "connector", "service", "service_category", "region", "charge_category"}, true, true, false))
    s.table = "focus_daily_by_service";
  else if (covers({"provider", "connector", "billing_account", "sub_account", "charge_category"}, false, false, true))
    s.table = "focus_daily_by_account";
  if (s.rollup()) return s;
  // One tag key, beside provider/connector/charge category only, without service, account or
  // region filters: the tag rollup.
  std::vector<std::string> others;
  for (const auto& d : q.group_by) {
    if (d.rfind("tag:", 0) == 0) {
      if (!s.tag_key.empty()) return CostSource{};
      s.tag_key = d.substr(4);
    } else {
      others.push_back(d);
    }
  }
  for (const auto& d : others)
    if (d != "provider" && d != "connector" && d != "charge_category") return CostSource{};
  if (s.tag_key.empty() || !q.services.empty() || !q.regions.empty() || !q.accounts.empty()) return CostSource{};
  s.table = "focus_daily_by_tag";
  return s;
}

// Charge rows summed: a rollup row stands for charge_rows of them.
std::string RowCount(const CostSource& s) { return s.rollup() ? "sum(c.charge_rows)" : "count(*)"; }

// A breakdown by tag key k from the tag rollup: k's values, plus a NULL value for the charges
// without k, which are the day's whole cost (the account rollup) less what k's values hold.
// A group whose charge rows cancel out to none is dropped (see BuildCostSql's HAVING).
std::string TagBreakdownSource(std::vector<DuckParam>* params, const std::string& key) {
  const std::string cols = "connector_id, ChargePeriodStart, BillingCurrency, ServiceProviderName, ProviderName, ChargeCategory, ";
  params->push_back(key);
  params->push_back(key);
  return "(SELECT " + cols + "tag_value, BilledCost, EffectiveCost, ListCost, charge_rows FROM focus_daily_by_tag "
         "WHERE tag_key = ? UNION ALL SELECT " + cols + "NULL, BilledCost, EffectiveCost, ListCost, charge_rows "
         "FROM focus_daily_by_account UNION ALL SELECT " + cols + "NULL, -BilledCost, -EffectiveCost, -ListCost, "
         "-charge_rows FROM focus_daily_by_tag WHERE tag_key = ?)";
}

std::string FromClause(const CostSource& s, bool with_catalog, std::vector<DuckParam>* params) {
  std::string table = s.tag_key.empty() ? s.table : TagBreakdownSource(params, s.tag_key);
  return with_catalog ? " FROM " + table + " c LEFT JOIN catalog_connectors cc ON cc.id = c.connector_id"
                      : " FROM " + table + " c";
}

std::string WhereClause(const CostQuery& q, bool with_catalog, std::vector<DuckParam>* params) {
  std::string w = " WHERE TRUE";
  if (!q.from.empty()) {
    w += " AND c.ChargePeriodStart >= CAST(? AS DATE)";
    params->push_back(q.from);
  }
  if (!q.to.empty()) {
    w += " AND c.ChargePeriodStart < CAST(? AS DATE) + INTERVAL 1 DAY";
    params->push_back(q.to);
  }
  AddIn(ProviderExpr(with_catalog), q.providers, true, &w, params);
  AddIn("c.connector_id", q.connectors, false, &w, params);
  AddIn("c.ServiceName", q.services, false, &w, params);
  if (!q.accounts.empty()) {
    std::string a;
    AddIn("c.BillingAccountId", q.accounts, false, &a, params);
    std::string b;
    AddIn("c.SubAccountId", q.accounts, false, &b, params);
    w += " AND (" + a.substr(5) + " OR " + b.substr(5) + ")";
  }
  AddIn("COALESCE(c.RegionId, c.RegionName)", q.regions, false, &w, params);
  for (const auto& [k, v] : q.tags) {
    w += " AND json_extract_string(c.Tags, ?) = ?";
    params->push_back(JsonPointer(k));
    params->push_back(v);
  }
  return w;
}

}  // namespace

Result<CostTables> FindCostTables(DuckConnection& conn) {
  ASSIGN_OR_RETURN(DuckResult r, conn.Query("SELECT count(*) FILTER (WHERE table_name = 'catalog_connectors'), "
                                            "count(*) FILTER (WHERE table_name IN ('focus_daily_by_service', "
                                            "'focus_daily_by_account', 'focus_daily_by_tag')) FROM duckdb_tables()"));
  return CostTables{r.Int(0, 0) > 0, r.Int(0, 1) == 3};
}

namespace {

}  // namespace

const char* CostMetricColumn(CostMetric m) {
  switch (m) {
    case CostMetric::kBilled: return "BilledCost";
    case CostMetric::kEffective: return "EffectiveCost";
    case CostMetric::kList: return "ListCost";
  }
  return "BilledCost";
}

std::string TrimDecimal(const std::string& s) {
  size_t dot = s.find('.');
  if (dot == std::string::npos) return s + ".00";
  size_t end = s.size();
  while (end > dot + 3 && s[end - 1] == '0') --end;
  std::string out = s.substr(0, end);
  while (out.size() < dot + 3) out += '0';
  return out;
}

Result<CostQuery> ParseCostQuery(const std::multimap<std::string, std::string>& params) {
  CostQuery q;
  auto all = [&](const std::string& name) {
    std::vector<std::string> out;
    auto [b, e] = params.equal_range(name);
    for (auto it = b; it != e; ++it)
      for (auto& v : SplitList(it->second)) out.push_back(v);
    return out;
  };
  auto one = [&](const std::string& name) -> std::string {
    auto it = params.find(name);
    return it == params.end() ? "" : it->second;
  };
  std::string metric = one("metric");
  std::transform(metric.begin(), metric.end(), metric.begin(), ::tolower);
  if (metric.empty() || metric == "billed" || metric == "billedcost") q.metric = CostMetric::kBilled;
  else if (metric == "effective" || metric == "effectivecost") q.metric = CostMetric::kEffective;
  else if (metric == "list" || metric == "listcost") q.metric = CostMetric::kList;
  else return Status::InvalidArgument("metric: expected billed, effective or list, got '" + one("metric") + "'", "metric");

  auto set_grain = [&](const std::string& g) -> Status {
    TimeGrain want = g == "day" ? TimeGrain::kDay : g == "month" ? TimeGrain::kMonth : TimeGrain::kNone;
    if (q.grain != TimeGrain::kNone && q.grain != want)
      return Status::InvalidArgument("group_by: only one of day or month", "group_by");
    q.grain = want;
    return Status::Ok();
  };
  for (const auto& d : all("group_by")) {
    if (d == "day" || d == "month") {
      RETURN_IF_ERROR(set_grain(d));
      continue;
    }
    std::vector<DuckParam> scratch;
    RETURN_IF_ERROR(DimensionExpr(d, false, &scratch).status());
    if (std::find(q.group_by.begin(), q.group_by.end(), d) != q.group_by.end()) continue;
    q.group_by.push_back(d);
  }
  if (q.group_by.size() > 2) return Status::InvalidArgument("group_by: at most two dimensions besides day/month", "group_by");
  std::string g = one("granularity");
  if (!g.empty() && g != "none") {
    if (g != "day" && g != "month")
      return Status::InvalidArgument("granularity: expected none, day or month, got '" + g + "'", "granularity");
    RETURN_IF_ERROR(set_grain(g));
  }
  q.from = one("from");
  q.to = one("to");
  if (!q.from.empty() && !IsDate(q.from)) return Status::InvalidArgument("from: expected YYYY-MM-DD, got '" + q.from + "'", "from");
  if (!q.to.empty() && !IsDate(q.to)) return Status::InvalidArgument("to: expected YYYY-MM-DD, got '" + q.to + "'", "to");
  if (!q.from.empty() && !q.to.empty() && q.to < q.from) return Status::InvalidArgument("to: is before from", "to");
  q.providers = all("provider");
  q.connectors = all("connector");
  q.services = all("service");
  q.accounts = all("account");
  q.regions = all("region");
  for (const auto& t : all("tag")) {
    size_t sep = t.find_first_of(":=");
    if (sep == std::string::npos || sep == 0)
      return Status::InvalidArgument("tag: expected key:value, got '" + t + "'", "tag");
    q.tags.emplace_back(t.substr(0, sep), t.substr(sep + 1));
  }
  std::string limit = one("limit");
  if (!limit.empty()) {
    if (limit.size() > 6 || !std::all_of(limit.begin(), limit.end(), ::isdigit) || std::stoi(limit) < 1 ||
        std::stoi(limit) > kMaxLimit)
      return Status::InvalidArgument("limit: expected a whole number from 1 to " + std::to_string(kMaxLimit), "limit");
    q.limit = std::stoi(limit);
  }
  std::string order = one("order");
  if (!order.empty()) {
    if (order != "cost_desc" && order != "cost_asc" && order != "key")
      return Status::InvalidArgument("order: expected cost_desc, cost_asc or key", "order");
    q.order = order;
  }
  return q;
}

Result<CostSql> BuildCostSql(const CostQuery& q, bool with_catalog, bool with_rollups) {
  if (q.group_by.size() > 2) return Status::InvalidArgument("group_by: at most two dimensions", "group_by");
  CostSql out;
  const CostSource source = SourceOf(q, with_rollups);
  std::string select = "SELECT ";
  std::string keys;
  for (size_t i = 0; i < q.group_by.size(); ++i) {
    ASSIGN_OR_RETURN(std::string expr, DimensionExpr(q.group_by[i], with_catalog, &out.params, !source.tag_key.empty()));
    select += expr + " AS d" + std::to_string(i) + ", ";
    keys += "d" + std::to_string(i) + " NULLS LAST, ";
  }
  if (q.grain == TimeGrain::kDay) select += "CAST(date_trunc('day', c.ChargePeriodStart) AS DATE) AS t, ";
  if (q.grain == TimeGrain::kMonth) select += "strftime(c.ChargePeriodStart, '%Y-%m') AS t, ";
  select += "c.BillingCurrency AS currency, SUM(c." + std::string(CostMetricColumn(q.metric)) + ") AS cost";
  // Parameters bind in the order they appear: FROM's before WHERE's.
  const std::string from = FromClause(source, with_catalog, &out.params);
  const std::string where = WhereClause(q, with_catalog, &out.params);
  out.sql = select + from + where + " GROUP BY ALL" + (source.tag_key.empty() ? "" : " HAVING sum(c.charge_rows) <> 0") + " ORDER BY ";
  std::string time = q.grain == TimeGrain::kNone ? "" : "t, ";
  if (q.order == "key") out.sql += keys + time + "currency";
  else out.sql += time + (q.order == "cost_asc" ? "cost ASC" : "cost DESC") + ", " + keys + "currency";
  out.sql += " LIMIT ?";
  out.params.push_back(static_cast<int64_t>(q.limit) + 1);
  return out;
}

Result<CostSql> BuildTotalsSql(const CostQuery& q, bool with_catalog, bool with_rollups) {
  CostSql out;
  // Totals depend on the filters only: whatever the grouping, they come from the smallest table
  // that holds every filter.
  CostQuery filters_only = q;
  filters_only.group_by.clear();
  const CostSource source = SourceOf(filters_only, with_rollups);
  const std::string from = FromClause(source, with_catalog, &out.params);
  const std::string where = WhereClause(q, with_catalog, &out.params);
  out.sql = "SELECT c.BillingCurrency AS currency, SUM(c." + std::string(CostMetricColumn(q.metric)) +
            ") AS cost, " + RowCount(source) + " AS n" + from + where + " GROUP BY ALL ORDER BY currency";
  return out;
}

Result<CostResult> RunCostQuery(DuckConnection& conn, const CostQuery& q) {
  ASSIGN_OR_RETURN(CostTables tables, FindCostTables(conn));
  const bool with_catalog = tables.catalog;
  ASSIGN_OR_RETURN(CostSql sql, BuildCostSql(q, with_catalog, tables.rollups));
  ASSIGN_OR_RETURN(DuckResult r, conn.Query(sql.sql, sql.params));
  CostResult out;
  out.metric = CostMetricColumn(q.metric);
  out.dimensions = q.group_by;
  if (q.grain == TimeGrain::kDay) out.dimensions.push_back("day");
  if (q.grain == TimeGrain::kMonth) out.dimensions.push_back("month");
  size_t ndims = out.dimensions.size();
  for (size_t i = 0; i < r.row_count(); ++i) {
    if (i == static_cast<size_t>(q.limit)) {
      out.truncated = true;
      break;
    }
    CostRow row;
    for (size_t d = 0; d < ndims; ++d) row.dims.push_back(r.Get(i, d));
    row.currency = r.Text(i, ndims);
    row.cost = r.IsNull(i, ndims + 1) ? "0.00" : TrimDecimal(r.Text(i, ndims + 1));
    out.rows.push_back(std::move(row));
  }
  ASSIGN_OR_RETURN(CostSql tsql, BuildTotalsSql(q, with_catalog, tables.rollups));
  ASSIGN_OR_RETURN(DuckResult t, conn.Query(tsql.sql, tsql.params));
  for (size_t i = 0; i < t.row_count(); ++i)
    out.totals.push_back({t.Text(i, 0), t.IsNull(i, 1) ? "0.00" : TrimDecimal(t.Text(i, 1)), t.Int(i, 2)});
  return out;
}

}  // namespace focusd
