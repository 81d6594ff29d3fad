// `warehouse = clickhouse` end to end: `focusd import --config` loads into ClickHouse, and
// `focusd serve --config` answers GET /api/v1/costs (JSON, CSV, Parquet) from it; the password
// comes from the environment and appears in no output or log.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "support/clickhouse_server.h"
#include "support/focusd_process.h"
#include "support/shell_command.h"

namespace focusd {
namespace {

namespace fs = std::filesystem;
using testing::ClickHouseServer;
using testing::FocusdProcess;
using testing::NewTempDir;

std::string RunShell(const std::string& cmd) { return focusd::testing::RunCommand(cmd + " 2>&1").out; }

TEST(ServeClickHouseTest, ImportAndCostsApiUseTheConfiguredClickHouse) {
  ClickHouseServer ch;
  ASSERT_TRUE(ch.running());
  std::string dir = NewTempDir("serve-ch");
  std::string conf = dir + "/focusd.conf";
  std::ofstream(conf) << "warehouse = clickhouse\nclickhouse_url = " << ch.url()
                      << "\nclickhouse_user = " << testing::kClickHouseTestUser << "\nclickhouse_database = e2e\n";
  const char* env = std::getenv("FOCUSD_SHARED_DIR");
  std::string shared = env ? env : FOCUSD_SHARED_DIR;
  std::string file = shared + "/focus/examples/v1.2/commitment_discount_scenarios/commitment_discount_usage_scenario_1.csv";
  ASSERT_TRUE(fs::exists(file));
  const std::string password = std::string("FOCUSD_CLICKHOUSE_PASSWORD=") + testing::kClickHouseTestPassword;

  std::string data = dir + "/data";
  // A registered connector: rows imported under its name are keyed by its id, and its
  // provider comes from the catalog (in DuckDB) while its costs are in ClickHouse.
  std::string token, acme;
  {
    FocusdProcess first(data, {"--config", conf}, {password});
    token = first.admin_token();
    nlohmann::json body = {{"name", "Acme AWS"}, {"type", "FOCUS"}, {"provider", "AWS"},
                           {"fields", {{"account_id", "123456789012"}, {"bucket", "acme-billing"},
                                       {"path", "focus"}, {"file_type", "parquet"}}}};
    auto created = first.Call("POST", "/api/v1/connectors", body);
    ASSERT_EQ(created.status, 201) << created.body;
    acme = nlohmann::json::parse(created.body)["id"];
  }
  std::string out = RunShell(password + " " + FOCUSD_BINARY + " import --data-dir " + data + " --config " + conf +
                             " --connector scen1 " + file);
  ASSERT_NE(out.find("imported"), std::string::npos) << out;
  EXPECT_EQ(out.find(testing::kClickHouseTestPassword), std::string::npos);
  out = RunShell(password + " " + FOCUSD_BINARY + " import --data-dir " + data + " --config " + conf +
                 " --connector 'Acme AWS' " + file);
  ASSERT_NE(out.find("connector " + acme), std::string::npos) << out;
  // Without the password ClickHouse refuses, and nothing says what the password would be.
  std::string refused = RunShell(std::string(FOCUSD_BINARY) + " import --data-dir " + data + " --config " + conf +
                                 " --connector scen1 " + file);
  EXPECT_NE(refused.find("refused user"), std::string::npos) << refused;

  ClickHouseClient client(ch.Endpoint("e2e"));
  auto stored = client.Query("SELECT count(), sum(BilledCost) FROM focus_costs WHERE connector_id = 'scen1'");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_NE(*(*stored)[0][0], "0");

  FocusdProcess server(data, {"--config", conf}, {password});
  auto r = server.Call("GET", "/api/v1/costs?group_by=connector,month&order=key", nullptr, token);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = nlohmann::json::parse(r.body);
  ASSERT_FALSE(j["rows"].empty());
  ASSERT_EQ(j["rows"].size(), 2u) << r.body;
  std::set<std::string> connectors;
  for (const auto& row : j["rows"]) connectors.insert(row["connector"].get<std::string>());
  EXPECT_EQ(connectors, (std::set<std::string>{acme, "scen1"}));
  int64_t rows = 0;
  for (const auto& t : j["totals"]) rows += t["rows"].get<int64_t>();
  EXPECT_EQ(std::to_string(rows), std::to_string(2 * std::stoll(*(*stored)[0][0])));
  auto by_provider = nlohmann::json::parse(
      server.Call("GET", "/api/v1/costs?group_by=provider&connector=" + acme, nullptr, token).body);
  ASSERT_EQ(by_provider["rows"].size(), 1u);
  EXPECT_EQ(by_provider["rows"][0]["provider"], "AWS");  // the catalog's provider, not the file's

  // "Data complete through" comes from ClickHouse too: the last day of the connector's charges.
  auto last = client.Query("SELECT toString(toDate(max(ChargePeriodStart))) FROM focus_costs WHERE connector_id = '" +
                           acme + "'");
  ASSERT_TRUE(last.ok());
  auto listed = nlohmann::json::parse(server.Call("GET", "/api/v1/connectors", nullptr, token).body);
  ASSERT_EQ(listed["connectors"].size(), 1u);
  EXPECT_EQ(listed["connectors"][0]["data_through"], *(*last)[0][0]);

  auto csv = server.Call("GET", "/api/v1/costs?group_by=service&format=csv", nullptr, token);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("service,currency,BilledCost\n", 0), 0u) << csv.body;
  auto parquet = server.Call("GET", "/api/v1/costs?group_by=day&format=parquet", nullptr, token);
  ASSERT_EQ(parquet.status, 200);
  EXPECT_EQ(parquet.body.substr(0, 4), "PAR1");

  // Deleting the connector deletes its billing data in ClickHouse.
  EXPECT_EQ(server.Call("DELETE", "/api/v1/connectors/" + acme, nullptr, token).status, 204);
  auto left = client.Query("SELECT connector_id, count() FROM focus_costs GROUP BY connector_id");
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(*(*left)[0][0], "scen1");

  EXPECT_NE(server.ReadLog().find("warehouse=clickhouse"), std::string::npos);
  EXPECT_EQ(server.ReadLog().find(testing::kClickHouseTestPassword), std::string::npos);
}

}  // namespace
}  // namespace focusd
