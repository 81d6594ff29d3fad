// Costs: the one query endpoint under the billing pages, the CLI's `focusd query` and exports.
//   GET /api/v1/costs?metric=&group_by=&granularity=&from=&to=&provider=&connector=&service=
//                     &account=&region=&tag=key:value&limit=&order=&format=json|csv|parquet
// Every row and total carries its currency; sums are never taken across currencies.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "api/cost_result_json.h"
#include "api/http_json.h"
#include "api/routes.h"
#include "core/random.h"
#include "warehouse/cost_query.h"

namespace focusd {
namespace {

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string ResultToCsv(const CostResult& r) {
  std::string out;
  for (const auto& d : r.dimensions) out += CsvField(d) + ",";
  out += "currency," + r.metric + "\n";
  for (const auto& row : r.rows) {
    for (const auto& d : row.dims) out += (d ? CsvField(*d) : "") + ",";
    out += CsvField(row.currency) + "," + row.cost + "\n";
  }
  return out;
}

// Writes `select` (over the temp table cost_export, which is dropped) to a temp Parquet file
// and returns its bytes; the file is deleted.
Result<std::string> CostExportToParquet(DuckConnection& conn, const std::string& select) {
  std::string path = "/tmp/focusd-costs-" + std::to_string(::getpid()) + "-" + RandomHex(8) + ".parquet";
  Status copied = conn.Execute("COPY (" + select + ") TO " + SqlQuote(path) + " (FORMAT parquet)");
  (void)conn.Execute("DROP TABLE IF EXISTS cost_export");
  if (!copied.ok()) return copied;
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  std::remove(path.c_str());
  return buf.str();
}

// Parquet through DuckDB's COPY: the grouped query lands in a temp table (COPY takes no
// parameters), then is written with readable column names to a temp file we send and delete.
Result<std::string> ResultToParquet(DuckConnection& conn, const CostQuery& q, const CostResult& r) {
  ASSIGN_OR_RETURN(CostTables tables, FindCostTables(conn));
  ASSIGN_OR_RETURN(CostSql sql, BuildCostSql(q, tables.catalog, tables.rollups));
  sql.params.back() = static_cast<int64_t>(q.limit);
  ASSIGN_OR_RETURN(DuckResult created, conn.Query("CREATE OR REPLACE TEMP TABLE cost_export AS " + sql.sql, sql.params));
  std::string cols;
  for (size_t i = 0; i < q.group_by.size(); ++i) cols += "d" + std::to_string(i) + " AS " + SqlIdent(r.dimensions[i]) + ", ";
  if (q.grain != TimeGrain::kNone) cols += "t AS " + SqlIdent(r.dimensions.back()) + ", ";
  cols += "currency, cost AS " + SqlIdent(r.metric);
  return CostExportToParquet(conn, "SELECT " + cols + " FROM cost_export");
}

// The same file from a result computed elsewhere (ClickHouse): its rows go through a DuckDB
// temp table with the same column names and types.
Result<std::string> ResultRowsToParquet(DuckConnection& conn, const CostQuery& q, const CostResult& r) {
  std::string cols, names;
  for (size_t i = 0; i < r.dimensions.size(); ++i) {
    bool day = q.grain == TimeGrain::kDay && i + 1 == r.dimensions.size();
    cols += SqlIdent(r.dimensions[i]) + (day ? " DATE, " : " VARCHAR, ");
  }
  cols += "currency VARCHAR, " + SqlIdent(r.metric) + " DECIMAL(38,18)";
  RETURN_IF_ERROR(conn.Execute("CREATE OR REPLACE TEMP TABLE cost_export (" + cols + ")"));
  std::string placeholders;
  for (size_t i = 0; i < r.dimensions.size() + 2; ++i) placeholders += i ? ", ?" : "?";
  for (const auto& row : r.rows) {
    std::vector<DuckParam> params;
    for (const auto& d : row.dims) params.push_back(d ? DuckParam(*d) : DuckParam(nullptr));
    params.push_back(row.currency);
    params.push_back(row.cost);
    ASSIGN_OR_RETURN(DuckResult ins, conn.Query("INSERT INTO cost_export VALUES (" + placeholders + ")", params));
    (void)ins;
  }
  return CostExportToParquet(conn, "SELECT * FROM cost_export");
}

}  // namespace

void AddCostRoutes(httplib::Server& s, const ApiContext& ctx) {
  s.Get("/api/v1/costs", [ctx](const httplib::Request& req, httplib::Response& res) {
    std::multimap<std::string, std::string> params(req.params.begin(), req.params.end());
    auto q = ParseCostQuery(params);
    if (!q.ok()) return SendError(res, q.status());
    std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
    if (format != "json" && format != "csv" && format != "parquet")
      return SendError(res, Status::InvalidArgument("format: expected json, csv or parquet", "format"));
    auto conn = ctx.db->Connect();
    if (!conn.ok()) return SendError(res, conn.status());
    auto r = ctx.warehouse ? ctx.warehouse->Costs(**conn, *q) : RunCostQuery(**conn, *q);
    if (!r.ok()) {
      spdlog::error("cost query failed: {}", r.status().message());
      return SendError(res, r.status());
    }
    if (format == "json") {
      res.status = 200;
      return res.set_content(CostResultJson(*r), "application/json");
    }
    if (format == "csv") {
      res.set_header("Content-Disposition", "attachment; filename=\"focus-costs.csv\"");
      return res.set_content(ResultToCsv(*r), "text/csv; charset=utf-8");
    }
    auto parquet = ctx.warehouse && ctx.warehouse->name() != "duckdb" ? ResultRowsToParquet(**conn, *q, *r)
                                                                      : ResultToParquet(**conn, *q, *r);
    if (!parquet.ok()) return SendError(res, parquet.status());
    res.set_header("Content-Disposition", "attachment; filename=\"focus-costs.parquet\"");
    res.set_content(*parquet, "application/vnd.apache.parquet");
  });
}

}  // namespace focusd
