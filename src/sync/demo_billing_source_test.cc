// The demo connectors of `make run` sync through the real sync engine: deliveries appear in
// the demo cloud folder as days pass (a fake clock), the runner loads what changed, and a
// connector that is not a demo one still gets its provider's source.
#include "sync/demo_billing_source.h"

#include <gtest/gtest.h>

#include "support/fake_clock.h"
#include "support/sync_test_database.h"

#include <filesystem>

#include "core/random.h"
#include "sync/demo_cloud.h"
#include "sync/sync_runner.h"

namespace focusd {
namespace {

namespace fs = std::filesystem;

using testing::FakeClock;

class DemoSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("demo-" + RandomHex(6));
    auto opened = testing::OpenSyncTestDatabase(dir_);
    db_ = opened.db;
    catalog_ = std::move(opened.catalog);
    store_ = std::move(opened.store);
    demo_ = Add("Demo AWS", Provider::kAws);
    real_ = Add("Real AWS", Provider::kAws);
    fs::create_directories(DemoCloudFolder(root(), demo_.id));
    SourceFactories real;
    real.Register(Provider::kAws, [this](const Connector& c, const nlohmann::json&)
                                      -> Result<std::unique_ptr<BillingSource>> {
      real_made_.push_back(c.id);
      return Status::PermissionDenied("the real AWS source was asked for " + c.name);
    });
    sources_ = WithDemoSources(std::move(real), db_, root(), &clock_);
    runner_ = std::make_unique<SyncRunner>(db_, catalog_.get(), store_.get(), &sources_, &clock_);
    options_.work_dir = (dir_ / "work").string();
    options_.sleep = [](std::chrono::milliseconds) {};
  }
  Connector Add(const std::string& name, Provider p) {
    Connector c;
    c.name = name;
    c.provider = p;
    return *catalog_->CreateConnector(c);
  }
  std::string root() const { return (dir_ / "demo-cloud").string(); }
  std::string Stored(const std::string& sql) { return testing::QueryText(*db_, sql); }
  // Rows and billed cost per stored period, and the same computed from the demo cloud's files.
  std::string StoredPeriods() {
    return Stored("SELECT string_agg(billing_period || '=' || n || '/' || s, ' ' ORDER BY billing_period) FROM "
                  "(SELECT billing_period, count(*) n, sum(BilledCost)::DECIMAL(38,6) s FROM focus_costs WHERE connector_id = " +
                  SqlQuote(demo_.id) + " GROUP BY 1)");
  }
  std::string DeliveredPeriods() {
    return Stored("SELECT string_agg(p || '=' || n || '/' || s, ' ' ORDER BY p) FROM (SELECT "
                  "strftime(BillingPeriodStart, '%Y-%m') p, count(*) n, sum(BilledCost)::DECIMAL(38,6) s FROM read_parquet(" +
                  SqlQuote(DemoCloudFolder(root(), demo_.id) + "/*/*/*.parquet") + ") GROUP BY 1)");
  }

  fs::path dir_;
  FakeClock clock_{"2026-03-10T06:00:00Z"};
  std::shared_ptr<DuckDatabase> db_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<SyncStore> store_;
  SourceFactories sources_;
  std::unique_ptr<SyncRunner> runner_;
  SyncOptions options_;
  Connector demo_, real_;
  std::vector<std::string> real_made_;
};

TEST_F(DemoSyncTest, TheFirstSyncLoadsThreeMonthsWithTheTotalsOfTheDeliveredFiles) {
  auto run = runner_->Run(demo_.id, "created", options_);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->status, "succeeded") << run->error;
  EXPECT_EQ(run->periods, (std::vector<std::string>{"2026-01", "2026-02", "2026-03"}));
  EXPECT_EQ(run->files, 3);
  EXPECT_GT(run->rows, 0);
  EXPECT_EQ(StoredPeriods(), DeliveredPeriods());
  // The open month covers the days before today: 1..9 March.
  EXPECT_EQ(Stored("SELECT max(ChargePeriodStart)::DATE::VARCHAR FROM focus_costs WHERE billing_period = '2026-03'"),
            "2026-03-09");
  // The demo data is conformant FOCUS 1.2: no rule fails, so the connector is Healthy.
  EXPECT_EQ(run->validation.value("must_failures", -1), 0) << run->validation.dump();
  EXPECT_EQ(run->validation.value("should_failures", -1), 0) << run->validation.dump();
  auto c = catalog_->GetConnector(demo_.id);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->status, "Healthy") << c->status_message;
}

TEST_F(DemoSyncTest, EveryProvidersDemoDataIsConformant) {
  for (Provider p : {Provider::kAzure, Provider::kGcp, Provider::kOci}) {
    Connector c = Add(std::string("Demo ") + ProviderName(p), p);
    fs::create_directories(DemoCloudFolder(root(), c.id));
    auto run = runner_->Run(c.id, "created", options_);
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(run->status, "succeeded") << run->error;
    EXPECT_EQ(run->validation.value("must_failures", -1) + run->validation.value("should_failures", -1), 0)
        << ProviderName(p) << ": " << run->validation.dump();
  }
}

TEST_F(DemoSyncTest, TheNextDayReloadsOnlyTheOpenMonth) {
  ASSERT_EQ(runner_->Run(demo_.id, "created", options_)->status, "succeeded");
  std::string january = Stored("SELECT load_id FROM focus_costs WHERE billing_period = '2026-01' LIMIT 1");

  // Later the same day: nothing new was delivered.
  clock_.now += std::chrono::hours(3);
  auto same_day = runner_->Run(demo_.id, "manual", options_);
  ASSERT_TRUE(same_day.ok());
  EXPECT_EQ(same_day->status, "succeeded") << same_day->error;
  EXPECT_TRUE(same_day->periods.empty());
  EXPECT_EQ(same_day->rows, 0);

  // The next day the open month is refreshed with one more day; closed months stay.
  clock_.now += std::chrono::hours(24);
  auto next_day = runner_->Run(demo_.id, "schedule", options_);
  ASSERT_TRUE(next_day.ok());
  EXPECT_EQ(next_day->periods, (std::vector<std::string>{"2026-03"}));
  EXPECT_EQ(Stored("SELECT max(ChargePeriodStart)::DATE::VARCHAR FROM focus_costs WHERE billing_period = '2026-03'"),
            "2026-03-10");
  EXPECT_EQ(Stored("SELECT load_id FROM focus_costs WHERE billing_period = '2026-01' LIMIT 1"), january);
  EXPECT_EQ(StoredPeriods(), DeliveredPeriods()) << "one copy of each month, equal to its newest delivery";
  // The replaced delivery of March is gone from the demo cloud.
  int march_deliveries = 0;
  for (auto& e : fs::directory_iterator(DemoCloudFolder(root(), demo_.id) + "/BILLING_PERIOD=2026-03")) {
    (void)e;
    ++march_deliveries;
  }
  EXPECT_EQ(march_deliveries, 1);
}

TEST_F(DemoSyncTest, AMonthThatClosesGetsItsFinalDelivery) {
  ASSERT_EQ(runner_->Run(demo_.id, "created", options_)->status, "succeeded");
  clock_.now = *ParseIso8601("2026-04-01T06:00:00Z");
  auto run = runner_->Run(demo_.id, "schedule", options_);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->periods, (std::vector<std::string>{"2026-03", "2026-04"}));
  EXPECT_EQ(Stored("SELECT max(ChargePeriodStart)::DATE::VARCHAR FROM focus_costs WHERE billing_period = '2026-03'"),
            "2026-03-31");
}

TEST_F(DemoSyncTest, AConnectorOutsideTheDemoCloudGetsItsProvidersSource) {
  auto run = runner_->Run(real_.id, "manual", options_);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->status, "failed");
  EXPECT_EQ(real_made_, (std::vector<std::string>{real_.id}));
  EXPECT_NE(run->error.find("the real AWS source was asked for Real AWS"), std::string::npos) << run->error;
}

TEST_F(DemoSyncTest, TestConnectionFindsTheDeliveries) {
  auto source = sources_.Make(demo_, nlohmann::json::object());
  ASSERT_TRUE(source.ok());
  ConnectionReport report = (*source)->TestConnection();
  EXPECT_TRUE(report.ok);
  ASSERT_EQ(report.steps.size(), 2u);
  EXPECT_EQ(report.steps[1].message, "3 billing period(s) delivered");
}

}  // namespace
}  // namespace focusd
