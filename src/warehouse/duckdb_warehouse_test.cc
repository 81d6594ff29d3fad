#include "warehouse/duckdb_warehouse.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "core/random.h"
#include "focus/canonical_schema.h"

namespace focusd {
namespace {

namespace fs = std::filesystem;

// A source of `rows` canonical rows in September 2024, each costing `cost`.
Status MakeSource(DuckConnection& c, const std::string& name, int64_t rows, const std::string& cost) {
  std::string cols;
  for (const auto& col : CanonicalColumns())
    cols += "CAST(NULL AS " + std::string(DuckDbType(col.kind)) + ") AS " + SqlIdent(std::string(col.name)) + ", ";
  return c.Execute("CREATE OR REPLACE TEMP TABLE " + name + " AS SELECT * REPLACE ("
                   "TIMESTAMP '2024-09-01' AS BillingPeriodStart, 'USD' AS BillingCurrency, "
                   "CAST('" + cost + "' AS DECIMAL(38,18)) AS BilledCost, CAST('" + cost +
                   "' AS DECIMAL(38,18)) AS EffectiveCost, CAST('" + cost + "' AS DECIMAL(38,18)) AS ListCost) "
                   "FROM (SELECT " + cols + "NULL::VARCHAR AS x_extensions, 'f.csv' AS _file FROM range(" +
                   std::to_string(rows) + "))");
}

class DuckDbWarehouseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("focusd_wh_" + RandomHex(6));
    fs::create_directories(dir_);
    path_ = (dir_ / "focusd.duckdb").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  struct Open {
    std::shared_ptr<DuckDatabase> db;
    std::unique_ptr<DuckConnection> conn;
    std::unique_ptr<DuckDbWarehouse> wh;
  };
  Open OpenDb() {
    Open o;
    o.db = *DuckDatabase::Open(path_);
    auto c = o.db->Connect();
    o.conn = std::move(c.value());
    o.wh = std::make_unique<DuckDbWarehouse>(o.conn.get());
    EXPECT_TRUE(o.wh->EnsureSchema().ok());
    return o;
  }
  static std::string Stored(Open& o) {
    auto r = o.conn->Query("SELECT count(*) || ' rows, ' || coalesce(sum(BilledCost), 0)::DOUBLE FROM focus_costs");
    return r.ok() ? r->Text(0, 0) : r.status().ToString();
  }
  fs::path dir_;
  std::string path_;
};

TEST_F(DuckDbWarehouseTest, KilledInTheMiddleOfAReplaceLeavesThePreviousVersion) {
  {
    auto o = OpenDb();
    ASSERT_TRUE(MakeSource(*o.conn, "v1", 1000, "1.5").ok());
    ASSERT_TRUE(o.wh->Load("aws", {o.conn.get(), "v1", {"v1.csv"}}).ok());
    EXPECT_EQ(Stored(o), "1000 rows, 1500.0");
  }  // closed: the child opens the file alone
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(ready[0]);
    auto o = OpenDb();
    if (!MakeSource(*o.conn, "v2", 200000, "7").ok()) _exit(2);
    LoadOptions opts;
    // Old rows deleted, new rows inserted, not committed: tell the parent, then wait to die.
    opts.before_commit = [&](DuckConnection&) {
      char b = 'x';
      (void)!write(ready[1], &b, 1);
      for (;;) pause();
    };
    (void)o.wh->Load("aws", {o.conn.get(), "v2", {"v2.csv"}}, opts);
    _exit(3);
  }
  close(ready[1]);
  char b = 0;
  ASSERT_EQ(read(ready[0], &b, 1), 1) << "child did not reach the middle of the load";
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(ready[0]);
  ASSERT_TRUE(WIFSIGNALED(status));
  auto o = OpenDb();
  EXPECT_EQ(Stored(o), "1000 rows, 1500.0");
  // And the warehouse still takes loads afterwards.
  ASSERT_TRUE(MakeSource(*o.conn, "v3", 10, "2").ok());
  ASSERT_TRUE(o.wh->Load("aws", {o.conn.get(), "v3", {"v3.csv"}}).ok());
  EXPECT_EQ(Stored(o), "10 rows, 20.0");
}

TEST_F(DuckDbWarehouseTest, TotalsMismatchRollsBackAndSaysSo) {
  auto o = OpenDb();
  ASSERT_TRUE(MakeSource(*o.conn, "v1", 10, "1").ok());
  ASSERT_TRUE(o.wh->Load("aws", {o.conn.get(), "v1", {}}).ok());
  ASSERT_TRUE(MakeSource(*o.conn, "v2", 20, "3").ok());
  LoadOptions tamper;
  tamper.before_commit = [](DuckConnection& c) {
    (void)c.Execute("DELETE FROM focus_costs WHERE rowid IN (SELECT max(rowid) FROM focus_costs)");
  };
  auto r = o.wh->Load("aws", {o.conn.get(), "v2", {}}, tamper);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("2024-09"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("rolled back"), std::string::npos);
  EXPECT_EQ(Stored(o), "10 rows, 10.0");
  auto failed = o.conn->Query("SELECT count(*) FROM focus_loads WHERE status = 'failed'");
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->Text(0, 0), "1");
}

TEST_F(DuckDbWarehouseTest, CostSumsBeyond1e20AreRefusedAndLargeOnesBelowAreKept) {
  auto o = OpenDb();
  // 3 x 6e19 = 1.8e20: beyond what a DECIMAL(38,18) sum holds (DuckDB says so, or the bound).
  ASSERT_TRUE(MakeSource(*o.conn, "huge", 3, "60000000000000000000").ok());
  EXPECT_FALSE(o.wh->Load("aws", {o.conn.get(), "huge", {}}).ok());
  EXPECT_EQ(Stored(o), "0 rows, 0.0");
  ASSERT_TRUE(MakeSource(*o.conn, "large", 2, "60000000000000000000").ok());
  auto r = o.wh->Load("aws", {o.conn.get(), "large", {}});  // 1.2e20
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cost sums exceed 1e20"), std::string::npos) << r.status().message();
  EXPECT_EQ(Stored(o), "0 rows, 0.0");
  // Rows times the largest value pass 1e20 (2 x 6e19), the sums do not (6e19 - 5.9998e19).
  const std::string mixed_cost =
      "CASE WHEN rowid = 0 THEN BilledCost ELSE CAST('-59998000000000000000' AS DECIMAL(38,18)) END";
  ASSERT_TRUE(o.conn->Execute("CREATE OR REPLACE TEMP TABLE mixed AS SELECT * REPLACE (" + mixed_cost +
                              " AS BilledCost, " + mixed_cost + " AS EffectiveCost, " + mixed_cost +
                              " AS ListCost) FROM large").ok());
  auto mixed = o.wh->Load("aws", {o.conn.get(), "mixed", {}});
  ASSERT_TRUE(mixed.ok()) << mixed.status().ToString();
  EXPECT_EQ(Stored(o), "2 rows, 2000000000000000.0");
}

TEST_F(DuckDbWarehouseTest, ListsAndDeletesPeriods) {
  auto o = OpenDb();
  ASSERT_TRUE(MakeSource(*o.conn, "v1", 3, "0.1").ok());
  ASSERT_TRUE(o.wh->Load("gcp", {o.conn.get(), "v1", {}}).ok());
  auto periods = o.wh->ListPeriods();
  ASSERT_TRUE(periods.ok());
  ASSERT_EQ(periods->size(), 1u);
  EXPECT_EQ((*periods)[0].key.billing_period, "2024-09");
  EXPECT_EQ((*periods)[0].totals[0].billed_cost, "0.3");
  EXPECT_FALSE(o.wh->DeletePeriod({"gcp", "2024-9"}).ok());
  ASSERT_TRUE(o.wh->DeletePeriod({"gcp", "2024-09"}).ok());
  EXPECT_EQ(Stored(o), "0 rows, 0.0");
}

TEST(BillingPeriodTest, Format) {
  EXPECT_TRUE(IsBillingPeriod("2024-09"));
  EXPECT_FALSE(IsBillingPeriod("2024-13"));
  EXPECT_FALSE(IsBillingPeriod("24-09"));
  EXPECT_FALSE(IsBillingPeriod("2024_09"));
}

}  // namespace
}  // namespace focusd
