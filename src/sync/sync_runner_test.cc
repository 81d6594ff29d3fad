// The sync engine end to end on local files: a BillingSource double serves deliveries from a
// folder (the real sources are tested against their emulators in their own tests); the
// catalog, sync store, FOCUS engine and warehouse are the real ones on a DuckDB file.
#include "sync/sync_runner.h"

#include <gtest/gtest.h>

#include "support/fake_clock.h"
#include "support/sync_test_database.h"

#include <filesystem>
#include <fstream>
#include <map>

#include "core/random.h"
#include "support/clickhouse_server.h"
#include "sync/sync_scheduler.h"

namespace focusd {
namespace {

namespace fs = std::filesystem;

using testing::FakeClock;

const char* kHeader =
    "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,"
    "ChargeCategory,ChargeFrequency,BilledCost,EffectiveCost,ListCost,ServiceName,ProviderName,PublisherName,"
    "InvoiceIssuerName,Tags\n";

std::string Row(const std::string& period, const std::string& cost) {
  std::string start = period + "-01T00:00:00Z";
  return "acct-1,USD," + start + "," + start + "," + start + "," + period + "-02T00:00:00Z,Usage,Usage-Based," +
         cost + "," + cost + "," + cost + ",Compute,AWS,AWS,AWS,{}\n";
}

// A source whose deliveries are the files in <root>/<YYYY-MM>/; a delivery's identity is the
// content of its files, so rewriting a file makes a new delivery of that month only.
class FolderSource : public BillingSource {
 public:
  FolderSource(std::string root, Status fail, int* transient_failures, int64_t expected_rows)
      : root_(std::move(root)), fail_(std::move(fail)), transient_(transient_failures), expected_rows_(expected_rows) {}
  Result<std::vector<PeriodDelivery>> Discover() override {
    if (!fail_.ok()) return fail_;
    if (transient_ && *transient_ > 0) {
      --*transient_;
      return Status::Unavailable("connection reset");
    }
    std::vector<PeriodDelivery> out;
    std::vector<fs::path> dirs;
    for (auto& e : fs::directory_iterator(root_)) dirs.push_back(e.path());
    std::sort(dirs.begin(), dirs.end());
    for (auto& d : dirs) {
      PeriodDelivery p;
      p.billing_period = d.filename().string();
      p.format = FileFormat::kCsv;
      p.expected_rows = expected_rows_;
      for (auto& f : fs::directory_iterator(d)) {
        std::ifstream in(f.path());
        std::string content((std::istreambuf_iterator<char>(in)), {});
        p.delivery_id += std::to_string(std::hash<std::string>{}(content));
        p.files.push_back({f.path().string(), static_cast<int64_t>(content.size()), "", ""});
      }
      out.push_back(p);
    }
    return out;
  }
  Result<std::vector<std::string>> Fetch(const PeriodDelivery& d, const std::string& dir) override {
    std::vector<std::string> out;
    for (const auto& f : d.files) {
      std::string local = dir + "/" + fs::path(f.key).filename().string();
      fs::copy_file(f.key, local, fs::copy_options::overwrite_existing);
      out.push_back(local);
    }
    return out;
  }
  ConnectionReport TestConnection() override { return {true, {}}; }
  Status AfterLoad(const PeriodDelivery& d) override {
    if (after_load_) after_load_->push_back(d.billing_period);
    return after_load_status_;
  }
  std::vector<std::string>* after_load_ = nullptr;
  Status after_load_status_;

 private:
  std::string root_;
  Status fail_;
  int* transient_;
  int64_t expected_rows_;
};

class SyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("sync-" + RandomHex(6));
    fs::create_directories(dir_ / "exports");
    auto opened = testing::OpenSyncTestDatabase(dir_);
    db_ = opened.db;
    catalog_ = std::move(opened.catalog);
    store_ = std::move(opened.store);
    Connector c;
    c.name = "Folder";
    c.provider = Provider::kOci;
    connector_ = catalog_->CreateConnector(c)->id;
    sources_.Register(Provider::kOci, [this](const Connector&, const nlohmann::json&)
                                          -> Result<std::unique_ptr<BillingSource>> {
      auto source = std::make_unique<FolderSource>((dir_ / "exports").string(), fail_, &transient_failures_,
                                                   expected_rows_);
      source->after_load_ = &after_load_;
      source->after_load_status_ = after_load_status_;
      return std::unique_ptr<BillingSource>(std::move(source));
    });
    runner_ = std::make_unique<SyncRunner>(db_, catalog_.get(), store_.get(), &sources_, &clock_);
    options_.work_dir = (dir_ / "work").string();
    options_.sleep = [this](std::chrono::milliseconds d) { waits_.push_back(d); };
  }
  void Deliver(const std::string& period, const std::string& body) {
    fs::create_directories(dir_ / "exports" / period);
    std::ofstream(dir_ / "exports" / period / "part-0.csv") << kHeader << body;
  }
  std::string Stored(const std::string& sql) { return testing::QueryText(*db_, sql); }
  std::string Totals() {
    return Stored("SELECT string_agg(billing_period || '=' || n || '/' || s, ' ' ORDER BY billing_period) FROM "
                  "(SELECT billing_period, count(*) n, sum(BilledCost)::DECIMAL(38,2) s FROM focus_costs "
                  "GROUP BY 1)");
  }

  fs::path dir_;
  FakeClock clock_{"2026-11-15T10:00:00Z"};
  std::shared_ptr<DuckDatabase> db_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<SyncStore> store_;
  SourceFactories sources_;
  std::unique_ptr<SyncRunner> runner_;
  SyncOptions options_;
  std::string connector_;
  Status fail_;
  int transient_failures_ = 0;
  int64_t expected_rows_ = -1;
  std::vector<std::chrono::milliseconds> waits_;
  std::vector<std::string> after_load_;  // the periods AfterLoad was called for
  Status after_load_status_;
};

TEST_F(SyncTest, LoadsTheBackfillWindowThenOnlyWhatChanged) {
  Deliver("2026-08", Row("2026-08", "100"));  // outside the 3-month window ending 2026-11
  Deliver("2026-10", Row("2026-10", "10.25") + Row("2026-10", "0.75"));
  Deliver("2026-11", Row("2026-11", "5"));

  auto first = runner_->Run(connector_, "created", options_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->status, "succeeded") << first->error;
  EXPECT_EQ(first->periods, (std::vector<std::string>{"2026-10", "2026-11"}));
  EXPECT_EQ(first->files, 2);
  EXPECT_EQ(first->rows, 3);
  EXPECT_EQ(Totals(), "2026-10=2/11.00 2026-11=1/5.00");
  auto c = *catalog_->GetConnector(connector_);
  EXPECT_TRUE(c.status == "Healthy" || c.status == "Warning") << c.status;
  EXPECT_EQ(c.last_sync_at, first->finished_at);

  clock_.now += std::chrono::minutes(1);
  auto unchanged = runner_->Run(connector_, "manual", options_);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(unchanged->files, 0) << "nothing changed: nothing is downloaded";
  EXPECT_TRUE(unchanged->periods.empty());

  Deliver("2026-10", Row("2026-10", "12"));  // the provider restates October
  clock_.now += std::chrono::minutes(1);
  auto restated = runner_->Run(connector_, "schedule", options_);
  ASSERT_TRUE(restated.ok());
  EXPECT_EQ(restated->periods, (std::vector<std::string>{"2026-10"}));
  EXPECT_EQ(Totals(), "2026-10=1/12.00 2026-11=1/5.00") << "the restated month replaces the old one";

  auto runs = *store_->ListRuns(connector_);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].id, restated->id);
  EXPECT_EQ(runs[2].trigger, "created");
  EXPECT_EQ(std::stod(runs[2].totals[0]["billed_cost"].get<std::string>()), 11.0);
}

TEST_F(SyncTest, LoadsIntoTheConfiguredClickHouse) {
  testing::ClickHouseServer ch;
  ASSERT_TRUE(ch.running());
  ClickHouseSettings settings;
  settings.endpoint = ch.Endpoint("sync");
  runner_->SetWarehouse(ClickHouseBackend(settings));
  ClickHouseClient client(ch.Endpoint("sync"));
  auto totals = [&] {
    auto r = client.Query("SELECT billing_period, count(), sum(BilledCost) FROM focus_costs GROUP BY billing_period "
                          "ORDER BY billing_period");
    if (!r.ok()) return r.status().ToString();
    std::string s;
    for (const auto& row : *r) s += (s.empty() ? "" : " ") + *row[0] + "=" + *row[1] + "/" + TrimDecimal(*row[2]);
    return s;
  };
  Deliver("2026-10", Row("2026-10", "10.25") + Row("2026-10", "0.75"));
  Deliver("2026-11", Row("2026-11", "5"));
  auto first = runner_->Run(connector_, "created", options_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->status, "succeeded") << first->error;
  EXPECT_EQ(totals(), "2026-10=2/11.00 2026-11=1/5.00");
  EXPECT_EQ(Stored("SELECT count(*) FROM information_schema.tables WHERE table_name = 'focus_costs'"), "0")
      << "nothing went to DuckDB";

  Deliver("2026-10", Row("2026-10", "12"));  // the provider restates October
  clock_.now += std::chrono::minutes(1);
  auto restated = runner_->Run(connector_, "schedule", options_);
  ASSERT_TRUE(restated.ok());
  EXPECT_EQ(restated->status, "succeeded") << restated->error;
  EXPECT_EQ(totals(), "2026-10=1/12.00 2026-11=1/5.00") << "the restated month replaces the old one";
}

TEST_F(SyncTest, PermanentErrorsStopWithAHintAndKeepTheData) {
  Deliver("2026-11", Row("2026-11", "5"));
  ASSERT_EQ(runner_->Run(connector_, "created", options_)->status, "succeeded");
  fail_ = Status::PermissionDenied("AccessDenied on s3://acme-billing/focus");
  auto failed = runner_->Run(connector_, "schedule", options_);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->status, "failed");
  EXPECT_NE(failed->error.find("AccessDenied"), std::string::npos);
  EXPECT_NE(failed->hint.find("permissions"), std::string::npos);
  EXPECT_TRUE(waits_.empty()) << "access denied is not retried";
  auto c = *catalog_->GetConnector(connector_);
  EXPECT_EQ(c.status, "Error");
  EXPECT_NE(c.status_message.find("AccessDenied"), std::string::npos);
  EXPECT_EQ(Totals(), "2026-11=1/5.00");
}

TEST_F(SyncTest, TransientErrorsAreRetriedWithBackoff) {
  Deliver("2026-11", Row("2026-11", "5"));
  transient_failures_ = 2;
  auto run = runner_->Run(connector_, "created", options_);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->status, "succeeded") << run->error;
  ASSERT_EQ(waits_.size(), 2u);
  EXPECT_GT(waits_[1], waits_[0] / 2);
}

TEST_F(SyncTest, AnUnreachableProviderFailsAfterTheRetriesWithAnHonestHint) {
  Deliver("2026-11", Row("2026-11", "5"));
  transient_failures_ = 10;
  auto scheduled = runner_->Run(connector_, "manual", options_);
  ASSERT_TRUE(scheduled.ok());
  EXPECT_EQ(scheduled->status, "failed");
  EXPECT_EQ(waits_.size(), 2u) << "three attempts, two waits";
  EXPECT_NE(scheduled->hint.find("next daily sync"), std::string::npos) << scheduled->hint;

  options_.daily_schedule = false;  // focusd serve --no-scheduler: no retry is coming
  auto on_demand = runner_->Run(connector_, "manual", options_);
  ASSERT_TRUE(on_demand.ok());
  EXPECT_EQ(on_demand->status, "failed");
  EXPECT_EQ(on_demand->hint.find("daily"), std::string::npos) << on_demand->hint;
  EXPECT_NE(on_demand->hint.find("Sync now"), std::string::npos) << on_demand->hint;
}

TEST_F(SyncTest, AManifestRowCountMismatchFailsAndKeepsThePreviousData) {
  Deliver("2026-11", Row("2026-11", "5"));
  ASSERT_EQ(runner_->Run(connector_, "created", options_)->status, "succeeded");
  Deliver("2026-11", Row("2026-11", "7") + Row("2026-11", "8"));
  expected_rows_ = 3;  // the manifest promises 3 rows, the files hold 2
  auto run = runner_->Run(connector_, "schedule", options_);
  EXPECT_EQ(run->status, "failed");
  EXPECT_NE(run->error.find("lists 3 rows"), std::string::npos) << run->error;
  EXPECT_EQ(Totals(), "2026-11=1/5.00");
}

TEST_F(SyncTest, TheSourceCleansUpAfterEachLoadedPeriodOnly) {
  Deliver("2026-10", Row("2026-10", "1"));
  Deliver("2026-11", Row("2026-11", "5"));
  ASSERT_EQ(runner_->Run(connector_, "created", options_)->status, "succeeded");
  EXPECT_EQ(after_load_, (std::vector<std::string>{"2026-10", "2026-11"}));

  after_load_.clear();
  ASSERT_EQ(runner_->Run(connector_, "manual", options_)->status, "succeeded");
  EXPECT_TRUE(after_load_.empty()) << "nothing loaded, nothing to clean up";

  Deliver("2026-11", Row("2026-11", "7") + Row("2026-11", "8"));
  expected_rows_ = 3;  // this delivery fails to load: its export is kept (GCP: for a look)
  EXPECT_EQ(runner_->Run(connector_, "manual", options_)->status, "failed");
  EXPECT_TRUE(after_load_.empty());

  // A failed clean-up is logged; the load it follows stands.
  expected_rows_ = -1;
  after_load_status_ = Status::PermissionDenied("storage.objects.delete denied");
  auto run = runner_->Run(connector_, "manual", options_);
  EXPECT_EQ(run->status, "succeeded") << run->error;
  EXPECT_EQ(after_load_, (std::vector<std::string>{"2026-11"}));
  EXPECT_EQ(Totals(), "2026-10=1/1.00 2026-11=2/15.00");
}

TEST_F(SyncTest, OneRunAtATimePerConnector) {
  ASSERT_TRUE(*store_->TryAcquireLease(connector_, "other-server", std::chrono::seconds(600), clock_.now));
  auto twin = runner_->Run(connector_, "manual", options_);
  EXPECT_EQ(twin.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(twin.status().message().find("already running"), std::string::npos);
  clock_.now += std::chrono::seconds(601);  // the other server's lease lapsed
  Deliver("2026-11", Row("2026-11", "5"));
  EXPECT_TRUE(runner_->Run(connector_, "manual", options_).ok());
}

TEST_F(SyncTest, SchedulerRunsNewConnectorsThenDailyAtTheirSlotAndRetriesInterruptedRuns) {
  Deliver("2026-11", Row("2026-11", "5"));
  ScheduleConfig config;
  config.daily_hour_utc = 2;
  config.jitter_minutes = 60;
  config.sync = options_;
  SyncScheduler scheduler(runner_.get(), catalog_.get(), store_.get(), config, &clock_);

  auto due = *scheduler.DueConnectors(clock_.now);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].second, "created");
  auto runs = scheduler.RunPending();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_TRUE(scheduler.DueConnectors(clock_.now)->empty());

  TimePoint slot = scheduler.DailySlot(connector_, clock_.now + std::chrono::hours(24));
  EXPECT_GE(slot, *ParseIso8601("2026-11-16T02:00:00Z"));
  EXPECT_LT(slot, *ParseIso8601("2026-11-16T03:00:00Z"));
  clock_.now = slot - std::chrono::seconds(1);
  EXPECT_TRUE(scheduler.DueConnectors(clock_.now)->empty());
  clock_.now = slot;
  due = *scheduler.DueConnectors(clock_.now);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].second, "schedule");
  EXPECT_EQ(scheduler.RunPending().size(), 1u);

  // A run left "running" by a crash (its lease gone) is marked interrupted and retried.
  SyncRun crashed;
  crashed.id = "run_crashed";
  crashed.connector_id = connector_;
  crashed.trigger = "manual";
  crashed.status = "running";
  crashed.started_at = FormatIso8601(clock_.now);
  ASSERT_TRUE(store_->InsertRun(crashed).ok());
  auto interrupted = *store_->RecoverInterrupted(clock_.now);
  ASSERT_EQ(interrupted.size(), 1u);
  EXPECT_EQ(interrupted[0].id, "run_crashed");
  clock_.now += std::chrono::seconds(1);
  scheduler.Enqueue(connector_, "retry");
  auto retried = scheduler.RunPending();
  ASSERT_EQ(retried.size(), 1u);
  EXPECT_EQ(retried[0].trigger, "retry");
  auto all = *store_->ListRuns(connector_);
  auto it = std::find_if(all.begin(), all.end(), [](const SyncRun& r) { return r.id == "run_crashed"; });
  ASSERT_NE(it, all.end());
  EXPECT_EQ(it->status, "interrupted");
  EXPECT_EQ(all[0].id, retried[0].id);
}

TEST(BackfillTest, WindowCrossesYears) {
  EXPECT_EQ(BackfillPeriods(*ParseIso8601("2026-02-10T00:00:00Z"), 3),
            (std::vector<std::string>{"2025-12", "2026-01", "2026-02"}));
  EXPECT_EQ(BackfillPeriods(*ParseIso8601("2026-02-10T00:00:00Z"), 36).front(), "2023-03");
}

}  // namespace
}  // namespace focusd
