// `warehouse = clickhouse` end to end: `focusd import --config` loads into ClickHouse, and
// `focusd serve --config` answers GET /api/v1/costs (JSON, CSV, Parquet) from it; the password
// comes from the environment and appears in no output or log.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/clickhouse_server.h"
#include "support/focusd_process.h"

namespace focusd {
namespace {

namespace fs = std::filesystem;
using testing::ClickHouseServer;
using testing::FocusdProcess;
using testing::NewTempDir;

std::string RunShell(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

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
  std::string out = RunShell(password + " " + FOCUSD_BINARY + " import --data-dir " + data + " --config " + conf +
                        " --connector scen1 " + file);
  ASSERT_NE(out.find("imported"), std::string::npos) << out;
  EXPECT_EQ(out.find(testing::kClickHouseTestPassword), std::string::npos);
  // Without the password ClickHouse refuses, and nothing says what the password would be.
  std::string refused = RunShell(std::string(FOCUSD_BINARY) + " import --data-dir " + data + " --config " + conf +
                            " --connector scen1 " + file);
  EXPECT_NE(refused.find("refused user"), std::string::npos) << refused;

  ClickHouseClient client(ch.Endpoint("e2e"));
  auto stored = client.Query("SELECT count(), sum(BilledCost) FROM focus_costs WHERE connector_id = 'scen1'");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_NE(*(*stored)[0][0], "0");

  FocusdProcess server(data, {"--config", conf}, {password});
  auto r = server.Call("GET", "/api/v1/costs?group_by=connector,month&order=key");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = nlohmann::json::parse(r.body);
  ASSERT_FALSE(j["rows"].empty());
  EXPECT_EQ(j["rows"][0]["connector"], "scen1");
  int64_t rows = 0;
  for (const auto& t : j["totals"]) rows += t["rows"].get<int64_t>();
  EXPECT_EQ(std::to_string(rows), *(*stored)[0][0]);

  auto csv = server.Call("GET", "/api/v1/costs?group_by=service&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("service,currency,BilledCost\n", 0), 0u) << csv.body;
  auto parquet = server.Call("GET", "/api/v1/costs?group_by=day&format=parquet");
  ASSERT_EQ(parquet.status, 200);
  EXPECT_EQ(parquet.body.substr(0, 4), "PAR1");

  EXPECT_NE(server.ReadLog().find("warehouse=clickhouse"), std::string::npos);
  EXPECT_EQ(server.ReadLog().find(testing::kClickHouseTestPassword), std::string::npos);
}

}  // namespace
}  // namespace focusd
