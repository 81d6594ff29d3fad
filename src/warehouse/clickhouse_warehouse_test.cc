// The ClickHouse warehouse against a real clickhouse-server (Debian's 18.16) on loopback.
#include "warehouse/clickhouse_warehouse.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "focus/canonical_schema.h"
#include "support/clickhouse_server.h"
#include "warehouse/duckdb_warehouse.h"

namespace focusd {
namespace {

using testing::ClickHouseCluster;
using testing::ClickHouseServer;

// `rows` canonical rows of `period` (YYYY-MM), each costing `cost`; `filter` may make the
// view non-deterministic.
Status MakeSource(DuckConnection& c, const std::string& name, int64_t rows, const std::string& cost,
                  const std::string& period = "2024-09", const std::string& filter = "") {
  std::string cols;
  for (const auto& col : CanonicalColumns())
    cols += "CAST(NULL AS " + std::string(DuckDbType(col.kind)) + ") AS " + SqlIdent(std::string(col.name)) + ", ";
  return c.Execute("CREATE OR REPLACE TEMP VIEW " + name + " AS SELECT * REPLACE ("
                   "TIMESTAMP '" + period + "-01' AS BillingPeriodStart, TIMESTAMP '" + period +
                   "-01' + INTERVAL (i % 28) DAY AS ChargePeriodStart, 'USD' AS BillingCurrency, "
                   "'svc ' || (i % 5) AS ServiceName, "
                   "CAST('" + cost + "' AS DECIMAL(38,18)) AS BilledCost, CAST('" + cost +
                   "' AS DECIMAL(38,18)) AS EffectiveCost, CAST('" + cost + "' AS DECIMAL(38,18)) AS ListCost) "
                   "FROM (SELECT " + cols + "range AS i, NULL::VARCHAR AS x_extensions, 'f.csv' AS _file FROM range(" +
                   std::to_string(rows) + ") " + filter + ")");
}

struct Engine {
  std::shared_ptr<DuckDatabase> db = *DuckDatabase::Open("");
  std::unique_ptr<DuckConnection> conn = std::move(db->Connect().value());
};

std::string Stored(ClickHouseClient& ch, const std::string& where = "") {
  auto r = ch.Query("SELECT count(), sum(BilledCost) FROM focus_costs" + where);
  if (!r.ok()) return r.status().ToString();
  return *(*r)[0][0] + " rows, " + ((*r)[0][1] ? TrimZeros(*(*r)[0][1]) : "NULL");
}

class ClickHouseWarehouseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.running());
    settings_.endpoint = server_.Endpoint("focus");
    settings_.batch_bytes = 64 << 10;  // many INSERTs per load, so batching and pipelining are exercised
    wh_ = std::make_unique<ClickHouseWarehouse>(settings_, engine_.conn.get());
    ASSERT_TRUE(wh_->EnsureSchema().ok());
  }
  ClickHouseServer server_;
  ClickHouseSettings settings_;
  Engine engine_;
  std::unique_ptr<ClickHouseWarehouse> wh_;
  ClickHouseClient ch() { return ClickHouseClient(server_.Endpoint("focus")); }
};

TEST_F(ClickHouseWarehouseTest, ReplacingAPeriodTwiceLeavesOneCopy) {
  ASSERT_TRUE(MakeSource(*engine_.conn, "v1", 1000, "1.5").ok());
  auto first = wh_->Load("aws", {engine_.conn.get(), "v1", {"v1.csv"}});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->periods.size(), 1u);
  EXPECT_EQ(first->periods[0].stored, first->periods[0].source);
  EXPECT_EQ(first->periods[0].stored[0].billed_cost, "1500");
  auto client = ch();
  EXPECT_EQ(Stored(client), "1000 rows, 1500");

  ASSERT_TRUE(MakeSource(*engine_.conn, "v2", 300, "7.25").ok());
  auto second = wh_->Load("aws", {engine_.conn.get(), "v2", {"v2.csv"}});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->periods[0].replaced_rows, 1000);
  ASSERT_TRUE(wh_->Load("aws", {engine_.conn.get(), "v2", {"v2.csv"}}).ok());
  EXPECT_EQ(Stored(client), "300 rows, 2175");

  // Another period and another connector are left alone by a replace.
  ASSERT_TRUE(MakeSource(*engine_.conn, "oct", 10, "1", "2024-10").ok());
  ASSERT_TRUE(wh_->Load("aws", {engine_.conn.get(), "oct", {}}).ok());
  ASSERT_TRUE(wh_->Load("gcp", {engine_.conn.get(), "oct", {}}).ok());
  ASSERT_TRUE(wh_->Load("aws", {engine_.conn.get(), "v2", {"v2.csv"}}).ok());
  auto periods = wh_->ListPeriods();
  ASSERT_TRUE(periods.ok());
  ASSERT_EQ(periods->size(), 3u);
  EXPECT_EQ((*periods)[0].key.connector, "aws");
  EXPECT_EQ((*periods)[0].key.billing_period, "2024-09");
  EXPECT_EQ((*periods)[0].rows, 300);
  EXPECT_EQ((*periods)[0].totals[0].billed_cost, "2175");
  EXPECT_EQ((*periods)[1].key.billing_period, "2024-10");
  EXPECT_EQ((*periods)[2].key.connector, "gcp");

  ASSERT_TRUE(wh_->DeletePeriod({"aws", "2024-09"}).ok());
  EXPECT_EQ(Stored(client, " WHERE connector_id = 'aws'"), "10 rows, 10");
  auto loads = client.Query("SELECT status, count() FROM focus_loads GROUP BY status");
  ASSERT_TRUE(loads.ok());
  ASSERT_EQ(loads->size(), 1u);
  EXPECT_EQ(*(*loads)[0][0], "committed");
}

TEST_F(ClickHouseWarehouseTest, TextSurvivesTabSeparatedEscaping) {
  std::string cols;
  for (const auto& col : CanonicalColumns())
    cols += "CAST(NULL AS " + std::string(DuckDbType(col.kind)) + ") AS " + SqlIdent(std::string(col.name)) + ", ";
  ASSERT_TRUE(engine_.conn->Execute(
      "CREATE TEMP TABLE odd AS SELECT * REPLACE (TIMESTAMP '2024-09-01' AS BillingPeriodStart, "
      "'USD' AS BillingCurrency, 1.25::DECIMAL(38,18) AS BilledCost, "
      "'tab' || chr(9) || 'nl' || chr(10) || 'cr' || chr(13) || 'bs\\ q'' \\N' AS ServiceName, "
      "'{\"team\": \"a\\tb\", \"k''q\\\\\": \"v\\n\", \"n\": 5, \"z\": null}' AS Tags) FROM (SELECT " + cols +
      "NULL::VARCHAR AS x_extensions, 'f.csv' AS _file)").ok());
  auto r = wh_->Load("odd", {engine_.conn.get(), "odd", {}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto client = ch();
  auto rows = client.Query("SELECT ServiceName, ProviderName, tag_keys, tag_values FROM focus_costs");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(*(*rows)[0][0], "tab\tnl\ncr\rbs\\ q' \\N");
  EXPECT_FALSE((*rows)[0][1].has_value());  // NULL stays NULL
  auto tags = client.Query("SELECT tag_values[indexOf(tag_keys, 'team')], tag_values[indexOf(tag_keys, 'k''q\\\\')], "
                           "tag_values[indexOf(tag_keys, 'n')], has(tag_keys, 'z'), "
                           "length(tag_keys) FROM focus_costs");
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  EXPECT_EQ(*(*tags)[0][0], "a\tb");
  EXPECT_EQ(*(*tags)[0][1], "v\n");
  EXPECT_EQ(*(*tags)[0][2], "5");
  EXPECT_EQ(*(*tags)[0][3], "0");  // null-valued: left out, so it reads as missing
  EXPECT_EQ(*(*tags)[0][4], "3");
}

TEST_F(ClickHouseWarehouseTest, TotalsMismatchKeepsThePreviousVersion) {
  ASSERT_TRUE(MakeSource(*engine_.conn, "v1", 500, "2").ok());
  ASSERT_TRUE(wh_->Load("aws", {engine_.conn.get(), "v1", {}}).ok());
  // A source that changes between the totals and the rows (random() per read): what reached
  // ClickHouse is not what was counted.
  ASSERT_TRUE(MakeSource(*engine_.conn, "flaky", 5000, "3", "2024-09", "WHERE random() < 0.5").ok());
  auto r = wh_->Load("aws", {engine_.conn.get(), "flaky", {}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("differ from the source files'"), std::string::npos) << r.status().ToString();
  auto client = ch();
  EXPECT_EQ(Stored(client), "500 rows, 1000");
  auto stages = client.Query("SELECT count() FROM system.tables WHERE database = 'focus' AND name LIKE 'focus_stage%'");
  ASSERT_TRUE(stages.ok());
  EXPECT_EQ(*(*stages)[0][0], "0");  // staging dropped
  auto failed = client.Query("SELECT count() FROM focus_loads WHERE status = 'failed'");
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(*(*failed)[0][0], "1");
}

TEST_F(ClickHouseWarehouseTest, DyingBetweenStagingAndSwapLeavesThePreviousVersion) {
  ASSERT_TRUE(MakeSource(*engine_.conn, "v1", 400, "1").ok());
  ASSERT_TRUE(wh_->Load("aws", {engine_.conn.get(), "v1", {}}).ok());
  // A child process loads a new version and dies (_exit, no clean-up) once it is staged.
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    Engine child;
    ClickHouseWarehouse wh(settings_, child.conn.get());
    if (!MakeSource(*child.conn, "v2", 9000, "5").ok()) _exit(2);
    LoadOptions opts;
    opts.on_step = [](const std::string& step) -> Status {
      if (step == "staged") _exit(0);
      return Status::Ok();
    };
    (void)wh.Load("aws", {child.conn.get(), "v2", {}}, opts);
    _exit(3);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  auto client = ch();
  EXPECT_EQ(Stored(client), "400 rows, 400");
  auto stages = client.Query("SELECT count() FROM system.tables WHERE database = 'focus' AND name LIKE 'focus_stage%'");
  ASSERT_TRUE(stages.ok());
  EXPECT_EQ(*(*stages)[0][0], "1");  // the dead load's staging, dropped by EnsureSchema once stale
  // The next load completes the replacement.
  ASSERT_TRUE(MakeSource(*engine_.conn, "v2", 9000, "5").ok());
  ASSERT_TRUE(wh_->Load("aws", {engine_.conn.get(), "v2", {}}).ok());
  EXPECT_EQ(Stored(client), "9000 rows, 45000");
}

TEST_F(ClickHouseWarehouseTest, DyingBetweenTwoPeriodsSwapsLeavesEachPeriodWhole) {
  ASSERT_TRUE(MakeSource(*engine_.conn, "sep1", 100, "1", "2024-09").ok());
  ASSERT_TRUE(MakeSource(*engine_.conn, "oct1", 100, "1", "2024-10").ok());
  ASSERT_TRUE(engine_.conn->Execute("CREATE TEMP VIEW both1 AS SELECT * FROM sep1 UNION ALL SELECT * FROM oct1").ok());
  ASSERT_TRUE(wh_->Load("aws", {engine_.conn.get(), "both1", {}}).ok());
  ASSERT_TRUE(MakeSource(*engine_.conn, "sep2", 30, "2", "2024-09").ok());
  ASSERT_TRUE(MakeSource(*engine_.conn, "oct2", 30, "2", "2024-10").ok());
  ASSERT_TRUE(engine_.conn->Execute("CREATE TEMP VIEW both2 AS SELECT * FROM sep2 UNION ALL SELECT * FROM oct2").ok());
  LoadOptions opts;
  opts.on_step = [](const std::string& step) {
    return step == "swapped 2024-09" ? Status::Unavailable("simulated death") : Status::Ok();
  };
  ASSERT_FALSE(wh_->Load("aws", {engine_.conn.get(), "both2", {}}, opts).ok());
  auto client = ch();
  EXPECT_EQ(Stored(client, " WHERE billing_period = '2024-09'"), "30 rows, 60");   // new, whole
  EXPECT_EQ(Stored(client, " WHERE billing_period = '2024-10'"), "100 rows, 100");  // old, whole
}

TEST_F(ClickHouseWarehouseTest, TimestampsClickHouseCannotHoldAreRefusedByColumn) {
  ASSERT_TRUE(MakeSource(*engine_.conn, "v1", 10, "1").ok());
  ASSERT_TRUE(wh_->Load("aws", {engine_.conn.get(), "v1", {}}).ok());
  ASSERT_TRUE(engine_.conn->Execute("CREATE TEMP VIEW old AS SELECT * REPLACE (TIMESTAMP '1969-12-31 23:00:00' AS "
                                    "ChargePeriodEnd) FROM v1").ok());
  auto r = wh_->Load("aws", {engine_.conn.get(), "old", {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "ChargePeriodEnd");
  EXPECT_NE(r.status().message().find("10 rows"), std::string::npos) << r.status().ToString();
  auto client = ch();
  EXPECT_EQ(Stored(client), "10 rows, 10");
}

TEST_F(ClickHouseWarehouseTest, AWrongPasswordIsRefusedWithoutShowingIt) {
  ClickHouseSettings bad = settings_;
  bad.endpoint.password = SecretString("not-the-Secret-42");
  ClickHouseWarehouse wh(bad, engine_.conn.get());
  Status st = wh.EnsureSchema();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kUnauthenticated) << st.ToString();
  EXPECT_EQ(st.ToString().find("not-the-Secret-42"), std::string::npos);
  EXPECT_EQ(st.ToString().find(testing::kClickHouseTestPassword), std::string::npos);
}

TEST(ClickHouseClusterTest, APeriodLivesOnOneShardAndQueriesSeeAllShards) {
  ClickHouseCluster cluster(2);
  ASSERT_TRUE(cluster.running());
  ClickHouseSettings settings;
  settings.endpoint = cluster.servers[0]->Endpoint("focus");
  settings.cluster = "focus";
  for (auto& s : cluster.servers) settings.shard_urls.push_back(s->url());
  Engine engine;
  ClickHouseWarehouse wh(settings, engine.conn.get());
  { Status st = wh.EnsureSchema(); ASSERT_TRUE(st.ok()) << st.ToString(); }
  // 4 connectors x 3 months, then each reloaded with a different size.
  for (int pass = 0; pass < 2; ++pass)
    for (const char* conn : {"aws", "azure", "gcp", "oci"})
      for (const char* month : {"2024-07", "2024-08", "2024-09"}) {
        ASSERT_TRUE(MakeSource(*engine.conn, "src", pass == 0 ? 50 : 20, "1.5", month).ok());
        auto r = wh.Load(conn, {engine.conn.get(), "src", {}});
        ASSERT_TRUE(r.ok()) << r.status().ToString();
      }
  // Every key on exactly one shard; both shards used.
  std::map<std::string, int> copies;
  std::vector<int> keys_per_shard;
  for (auto& s : cluster.servers) {
    ClickHouseClient ch(s->Endpoint("focus"));
    auto rows = ch.Query("SELECT DISTINCT connector_id, billing_period FROM focus_costs_local");
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    keys_per_shard.push_back(static_cast<int>(rows->size()));
    for (const auto& r : *rows) copies[*r[0] + "/" + *r[1]]++;
  }
  EXPECT_EQ(copies.size(), 12u);
  for (const auto& [k, n] : copies) EXPECT_EQ(n, 1) << k;
  EXPECT_GT(keys_per_shard[0], 0);
  EXPECT_GT(keys_per_shard[1], 0);
  // The Distributed table, from either node, sees every shard.
  for (auto& s : cluster.servers) {
    ClickHouseClient ch(s->Endpoint("focus"));
    EXPECT_EQ(Stored(ch), "240 rows, 360");
  }
  auto periods = wh.ListPeriods("gcp");
  ASSERT_TRUE(periods.ok());
  ASSERT_EQ(periods->size(), 3u);
  EXPECT_EQ((*periods)[2].rows, 20);
  ASSERT_TRUE(wh.DeletePeriod({"gcp", "2024-09"}).ok());
  ClickHouseClient ch(cluster.servers[1]->Endpoint("focus"));
  EXPECT_EQ(Stored(ch), "220 rows, 330");
}

}  // namespace
}  // namespace focusd
