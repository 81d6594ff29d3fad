#include "warehouse/clickhouse_cost_query.h"

namespace focusd {
namespace {

// tag_values holds json_extract_string of each key with a non-null value
// (clickhouse_warehouse.cc); a key not there is NULL, as json_extract_string gives.
std::string TagExpr(const std::string& key) {
  std::string k = ClickHouseQuote(key);
  return "if(has(c.tag_keys, " + k + "), c.tag_values[indexOf(c.tag_keys, " + k + ")], NULL)";
}

std::string ProviderExpr(const ProviderNames& providers) {
  if (providers.empty()) return "coalesce(c.ServiceProviderName, c.ProviderName)";
  std::string m = "multiIf(";
  for (const auto& [id, p] : providers) m += "c.connector_id = " + ClickHouseQuote(id) + ", " + ClickHouseQuote(p) + ", ";
  return "coalesce(" + m + "NULL), c.ServiceProviderName, c.ProviderName)";
}

// The same dimensions as cost_query.cc's DimensionExpr, in ClickHouse SQL.
Result<std::string> DimensionExpr(const std::string& dim, const ProviderNames& providers) {
  if (dim == "provider") return ProviderExpr(providers);
  if (dim == "connector") return std::string("c.connector_id");
  if (dim == "service") return std::string("c.ServiceName");
  if (dim == "service_category") return std::string("c.ServiceCategory");
  if (dim == "billing_account") return std::string("c.BillingAccountId");
  if (dim == "sub_account") return std::string("c.SubAccountId");
  if (dim == "region") return std::string("coalesce(c.RegionId, c.RegionName)");
  if (dim == "charge_category") return std::string("c.ChargeCategory");
  if (dim.rfind("tag:", 0) == 0 && dim.size() > 4) return TagExpr(dim.substr(4));
  return Status::InvalidArgument("group_by: unknown dimension '" + dim + "'", "group_by");
}

std::string In(const std::string& expr, const std::vector<std::string>& values, bool lower) {
  std::string s = (lower ? "lowerUTF8(" + expr + ")" : expr) + " IN (";
  for (size_t i = 0; i < values.size(); ++i)
    s += (i ? ", " : "") + (lower ? "lowerUTF8(" + ClickHouseQuote(values[i]) + ")" : ClickHouseQuote(values[i]));
  return s + ")";
}

std::string WhereClause(const CostQuery& q, const ProviderNames& providers) {
  std::string w = " WHERE 1";
  if (!q.from.empty()) w += " AND c.ChargePeriodStart >= toDateTime(" + ClickHouseQuote(q.from + " 00:00:00") + ", 'UTC')";
  if (!q.to.empty())
    w += " AND c.ChargePeriodStart < toDateTime(" + ClickHouseQuote(q.to + " 00:00:00") + ", 'UTC') + 86400";
  if (!q.providers.empty()) w += " AND " + In(ProviderExpr(providers), q.providers, true);
  if (!q.connectors.empty()) w += " AND " + In("c.connector_id", q.connectors, false);
  if (!q.services.empty()) w += " AND " + In("c.ServiceName", q.services, false);
  if (!q.accounts.empty())
    w += " AND (" + In("c.BillingAccountId", q.accounts, false) + " OR " + In("c.SubAccountId", q.accounts, false) + ")";
  if (!q.regions.empty()) w += " AND " + In("coalesce(c.RegionId, c.RegionName)", q.regions, false);
  for (const auto& [k, v] : q.tags)
    w += " AND " + TagExpr(k) + " = " + ClickHouseQuote(v);
  return w;
}

std::string Text(const std::optional<std::string>& v) { return v ? *v : ""; }

}  // namespace

Result<ProviderNames> CatalogProviders(DuckConnection& conn) {
  ASSIGN_OR_RETURN(DuckResult has, conn.Query("SELECT count(*) FROM information_schema.tables "
                                              "WHERE table_name = 'catalog_connectors'"));
  ProviderNames out;
  if (has.Int(0, 0) == 0) return out;
  ASSIGN_OR_RETURN(DuckResult r, conn.Query("SELECT id, provider FROM catalog_connectors WHERE provider IS NOT NULL"));
  for (size_t i = 0; i < r.row_count(); ++i) out[r.Text(i, 0)] = r.Text(i, 1);
  return out;
}

Result<std::string> BuildClickHouseCostSql(const CostQuery& q, const ProviderNames& providers) {
  if (q.group_by.size() > 2) return Status::InvalidArgument("group_by: at most two dimensions", "group_by");
  std::string select = "SELECT ", keys, group;
  for (size_t i = 0; i < q.group_by.size(); ++i) {
    ASSIGN_OR_RETURN(std::string expr, DimensionExpr(q.group_by[i], providers));
    std::string d = "d" + std::to_string(i);
    select += expr + " AS " + d + ", ";
    keys += d + " NULLS LAST, ";
    group += d + ", ";
  }
  if (q.grain == TimeGrain::kDay) select += "toDate(c.ChargePeriodStart) AS t, ";
  if (q.grain == TimeGrain::kMonth) select += "formatDateTime(c.ChargePeriodStart, '%Y-%m') AS t, ";
  if (q.grain != TimeGrain::kNone) group += "t, ";
  select += "c.BillingCurrency AS currency, sum(c." + std::string(CostMetricColumn(q.metric)) + ") AS cost";
  std::string sql = select + " FROM focus_costs AS c" + WhereClause(q, providers) + " GROUP BY " + group +
                    "currency ORDER BY ";
  std::string time = q.grain == TimeGrain::kNone ? "" : "t NULLS LAST, ";
  if (q.order == "key") sql += keys + time + "currency NULLS LAST";
  else sql += time + (q.order == "cost_asc" ? "cost ASC" : "cost DESC") + " NULLS LAST, " + keys + "currency NULLS LAST";
  return sql + " LIMIT " + std::to_string(static_cast<int64_t>(q.limit) + 1);
}

Result<std::string> BuildClickHouseTotalsSql(const CostQuery& q, const ProviderNames& providers) {
  return "SELECT c.BillingCurrency AS currency, sum(c." + std::string(CostMetricColumn(q.metric)) +
         ") AS cost, count() AS n FROM focus_costs AS c" + WhereClause(q, providers) +
         " GROUP BY currency ORDER BY currency NULLS LAST";
}

Result<CostResult> RunClickHouseCostQuery(ClickHouseClient& ch, const ProviderNames& providers, const CostQuery& q) {
  ASSIGN_OR_RETURN(std::string sql, BuildClickHouseCostSql(q, providers));
  ASSIGN_OR_RETURN(auto rows, ch.Query(sql));
  CostResult out;
  out.metric = CostMetricColumn(q.metric);
  out.dimensions = q.group_by;
  if (q.grain == TimeGrain::kDay) out.dimensions.push_back("day");
  if (q.grain == TimeGrain::kMonth) out.dimensions.push_back("month");
  const size_t ndims = out.dimensions.size();
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i == static_cast<size_t>(q.limit)) {
      out.truncated = true;
      break;
    }
    if (rows[i].size() != ndims + 2) return Status::Internal("ClickHouse returned an unexpected cost row");
    CostRow row;
    for (size_t d = 0; d < ndims; ++d) row.dims.push_back(rows[i][d]);
    row.currency = Text(rows[i][ndims]);
    row.cost = rows[i][ndims + 1] ? TrimDecimal(*rows[i][ndims + 1]) : "0.00";
    out.rows.push_back(std::move(row));
  }
  ASSIGN_OR_RETURN(std::string tsql, BuildClickHouseTotalsSql(q, providers));
  ASSIGN_OR_RETURN(auto totals, ch.Query(tsql));
  for (const auto& t : totals) {
    if (t.size() != 3) return Status::Internal("ClickHouse returned an unexpected totals row");
    out.totals.push_back({Text(t[0]), t[1] ? TrimDecimal(*t[1]) : "0.00", std::stoll(Text(t[2]))});
  }
  return out;
}

}  // namespace focusd
