// GET /api/v1/costs against `focusd serve --demo` (four demo connectors, EUR and USD), checked
// against the warehouse itself read directly with DuckDB after the server stopped; and
// `focusd query`, the CLI client of the same endpoint.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "db/duckdb.h"
#include "support/focusd_process.h"
#include "warehouse/cost_query.h"
#include "support/shell_command.h"

namespace focusd {
namespace {

using nlohmann::json;
using testing::FocusdProcess;
using testing::NewTempDir;

json Body(const HttpResponse& r) { return json::parse(r.body, nullptr, false); }

std::string RunCli(const std::string& args) {
  return focusd::testing::RunCommand(std::string(FOCUSD_BINARY) + " " + args + " 2>&1").out;
}

TEST(CostsApiTest, TotalsMatchTheWarehousePerCurrency) {
  std::string dir = NewTempDir("costs-api");
  std::map<std::string, std::string> api_totals, api_effective_azure, api_by_team;
  {
    FocusdProcess server(dir, {"--demo"});
    auto r = server.Call("GET", "/api/v1/costs?metric=billed&group_by=provider");
    ASSERT_EQ(r.status, 200) << r.body;
    json j = Body(r);
    EXPECT_EQ(j["metric"], "BilledCost");
    for (const auto& t : j["totals"]) api_totals[t["currency"]] = t["cost"];
    // Provider rows come from the catalog's connector provider; Azure bills in EUR only.
    std::set<std::string> providers;
    for (const auto& row : j["rows"]) {
      providers.insert(row["provider"].get<std::string>());
      if (row["provider"] == "Azure") EXPECT_EQ(row["currency"], "EUR");
      else EXPECT_EQ(row["currency"], "USD");
    }
    EXPECT_EQ(providers, (std::set<std::string>{"AWS", "Azure", "GCP", "OCI"}));

    json az = Body(server.Call("GET", "/api/v1/costs?metric=effective&provider=azure&group_by=service,day"));
    ASSERT_EQ(az["totals"].size(), 1u);
    EXPECT_EQ(az["totals"][0]["currency"], "EUR");
    api_effective_azure[az["totals"][0]["currency"]] = az["totals"][0]["cost"];
    EXPECT_EQ(az["dimensions"], json({"service", "day"}));

    // A tag breakdown (answered from the tag rollup) is checked against the charge rows below.
    json teams = Body(server.Call("GET", "/api/v1/costs?group_by=tag:team&limit=100"));
    for (const auto& row : teams["rows"])
      api_by_team[(row["tag:team"].is_null() ? "(none)" : row["tag:team"].get<std::string>()) + " " +
                  row["currency"].get<std::string>()] = row["cost"];

    auto bad = server.Call("GET", "/api/v1/costs?group_by=ServiceName%3BDROP");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Body(bad)["error"]["field"], "group_by");
    EXPECT_EQ(Body(server.Call("GET", "/api/v1/costs?format=xml"))["error"]["field"], "format");
    EXPECT_EQ(server.Call("GET", "/api/v1/costs", nullptr, "").status, 401);

    auto csv = server.Call("GET", "/api/v1/costs?group_by=provider&order=key&format=csv");
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.body.substr(0, csv.body.find('\n')), "provider,currency,BilledCost");
    EXPECT_NE(csv.body.find("\nAzure,EUR,"), std::string::npos) << csv.body;
    auto parquet = server.Call("GET", "/api/v1/costs?group_by=service,month&format=parquet");
    ASSERT_EQ(parquet.status, 200) << parquet.body;
    ASSERT_GT(parquet.body.size(), 8u);
    EXPECT_EQ(parquet.body.substr(0, 4), "PAR1");

    std::string cli = RunCli("query --server " + server.base_url() + " --token " + server.admin_token() +
                             " --group-by provider --order key -o csv");
    EXPECT_EQ(cli, csv.body);
    std::string bad_cli = RunCli("query --server " + server.base_url() + " --token " + server.admin_token() +
                                 " --from 2026/01/01");
    EXPECT_NE(bad_cli.find("from: expected YYYY-MM-DD"), std::string::npos) << bad_cli;
  }
  auto db = DuckDatabase::Open(dir + "/focusd.duckdb");
  ASSERT_TRUE(db.ok()) << db.status().message();
  auto conn = (*db)->Connect();
  ASSERT_TRUE(conn.ok());
  auto r = (*conn)->Query("SELECT BillingCurrency, SUM(BilledCost) FROM focus_costs GROUP BY 1 ORDER BY 1");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->row_count(), 2u);
  EXPECT_EQ(api_totals["EUR"], TrimDecimal(r->Text(0, 1)));
  EXPECT_EQ(api_totals["USD"], TrimDecimal(r->Text(1, 1)));
  auto e = (*conn)->Query("SELECT SUM(EffectiveCost) FROM focus_costs c JOIN catalog_connectors cc "
                          "ON cc.id = c.connector_id WHERE cc.provider = 'Azure'");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(api_effective_azure["EUR"], TrimDecimal(e->Text(0, 0)));
  auto t = (*conn)->Query("SELECT coalesce(json_extract_string(Tags, '/team'), '(none)') || ' ' || BillingCurrency, "
                          "SUM(BilledCost) FROM focus_costs GROUP BY 1");
  ASSERT_TRUE(t.ok()) << t.status().message();
  std::map<std::string, std::string> by_team;
  for (size_t i = 0; i < t->row_count(); ++i) by_team[t->Text(i, 0)] = TrimDecimal(t->Text(i, 1));
  EXPECT_EQ(api_by_team, by_team);
  EXPECT_EQ(by_team.size(), 8u) << "four teams, two currencies";
}

}  // namespace
}  // namespace focusd
