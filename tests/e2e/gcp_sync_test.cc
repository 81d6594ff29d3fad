// A GCP connector registered through the REST API syncs its FOCUS billing data from the
// BigQuery test server through Cloud Storage, through the real server process: a service
// account key secret, the token endpoint, a query for the changed billing periods, EXPORT
// DATA of each as Parquet into the bucket, download, load, and the export objects deleted
// once the load succeeded.
#include <gtest/gtest.h>

#include "core/random.h"
#include "db/duckdb.h"
#include "support/sync_reports.h"
#include "support/focusd_process.h"
#include "support/gcp_fake_cloud.h"
#include "sync/sync_runner.h"

namespace focusd {
namespace {

using nlohmann::json;

const char kTableName[] = "gcp_billing_export_focus_012345_6789AB_CDEF01";
const char kTable[] = "billing-proj.billing.gcp_billing_export_focus_012345_6789AB_CDEF01";
const char kBucket[] = "focusd-exports";

json Fields() {
  return {{"billing_account_id", "012345-6789AB-CDEF01"}, {"bq_project_id", "billing-proj"},
          {"bq_region", "US"},                            {"bq_dataset", "billing"},
          {"dest_project_id", "focusd-jobs"},             {"dest_region", "US"},
          {"dest_dataset", "focusd_results"},             {"dest_bucket", kBucket}};
}

class GcpSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cloud_.CreateFocusTable("billing-proj", "billing", kTableName);
    cloud_.storage.CreateBucket(kBucket);
    cloud_.bigquery.rows_per_file = 2;  // several Parquet objects per export, as BigQuery writes
    auto periods = BackfillPeriods(Clock::now(), 2);
    older_ = periods[0];
    newer_ = periods[1];
    data_dir_ = testing::NewTempDir("gcp-e2e");
  }
  testing::FocusdProcess StartServer() {
    return testing::FocusdProcess(data_dir_, {},
                                  {"STORAGE_EMULATOR_HOST=" + cloud_.storage.endpoint(),
                                   "BIGQUERY_EMULATOR_HOST=" + cloud_.bigquery.endpoint(),
                                   "FOCUSD_GCP_TOKEN_URI=" + cloud_.token.token_uri()});
  }
  std::string AddSecret(testing::FocusdProcess& server, const std::string& key_json) {
    auto s = server.Call("POST", "/api/v1/secrets",
                         {{"name", "gcp-" + RandomHex(3)}, {"provider", "GCP"}, {"kind", "gcp_service_account"},
                          {"value", {{"key_json", key_json}}}});
    EXPECT_EQ(s.status, 201) << s.body;
    return json::parse(s.body).value("id", "");
  }
  int ExportJobs() {
    int n = 0;
    for (const auto& q : cloud_.bigquery.queries()) n += q.rfind("EXPORT DATA", 0) == 0;
    return n;
  }

  testing::GcpFakeCloud cloud_;
  std::string older_, newer_, data_dir_;
};

TEST_F(GcpSyncTest, ARegisteredConnectorSyncsThroughCloudStorageWithExactTotals) {
  cloud_.AddCharge(kTable, older_ + "-05", "10.000001", older_ + "-06 04:00:00");
  cloud_.AddCharge(kTable, older_ + "-17", "20.25", older_ + "-18 04:00:00");
  cloud_.AddCharge(kTable, older_ + "-27", "0.5", older_ + "-28 04:00:00", "Cloud Storage");
  cloud_.AddCharge(kTable, newer_ + "-01", "7", newer_ + "-02 04:00:00.250000");
  auto server = StartServer();
  std::string secret = AddSecret(server, cloud_.KeyJson());

  auto before = server.Call("POST", "/api/v1/connectors/test",
                            {{"name", "GCP billing"}, {"provider", "GCP"}, {"fields", Fields()}, {"secret_id", secret}});
  EXPECT_TRUE(json::parse(before.body)["ok"].get<bool>()) << before.body;
  auto c = server.Call("POST", "/api/v1/connectors",
                       {{"name", "GCP billing"}, {"provider", "GCP"}, {"fields", Fields()}, {"secret_id", secret}});
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(json::parse(c.body)["fields"]["keep_exports"], "delete") << "the default";
  std::string id = json::parse(c.body)["id"];
  auto test = json::parse(server.Call("POST", "/api/v1/connectors/" + id + "/test").body);
  EXPECT_TRUE(test["ok"].get<bool>()) << test.dump(2);

  json first = testing::SyncAndWait(server, id);
  EXPECT_EQ(first["status"], "succeeded") << first.dump(2);
  EXPECT_EQ(first["files"], 3) << "2 rows per object: 2 objects for the older month, 1 for the newer";
  auto totals = testing::RunTotals(first);
  EXPECT_EQ(totals[older_], "3/30.750001");
  EXPECT_EQ(totals[newer_], "1/7");
  EXPECT_EQ(ExportJobs(), 2);
  EXPECT_TRUE(cloud_.storage.ObjectNames(kBucket).empty()) << "the exports are deleted once loaded";

  json again = testing::SyncAndWait(server, id);
  EXPECT_EQ(again["status"], "succeeded") << again.dump(2);
  EXPECT_EQ(again["files"], 0);
  EXPECT_EQ(ExportJobs(), 2) << "nothing changed: nothing exported";

  // Google appends a correction to the older month: only that month is exported again.
  cloud_.AddCharge(kTable, older_ + "-17", "-0.25", newer_ + "-03 04:00:00");
  json third = testing::SyncAndWait(server, id);
  EXPECT_EQ(third["status"], "succeeded") << third.dump(2);
  EXPECT_EQ(third["periods"], json::array({older_}));
  EXPECT_EQ(testing::RunTotals(third)[older_], "4/30.500001");
  EXPECT_EQ(ExportJobs(), 3);
  EXPECT_TRUE(cloud_.storage.ObjectNames(kBucket).empty());
  server.Stop();
  EXPECT_EQ(server.ReadLog().find("PRIVATE KEY"), std::string::npos);

  auto db = *DuckDatabase::Open(data_dir_ + "/focusd.duckdb");
  auto conn = *db->Connect();
  auto stored = conn->Query(
      "SELECT billing_period, count(*), sum(BilledCost)::VARCHAR FROM focus_costs GROUP BY 1 ORDER BY 1");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->row_count(), 2u);
  EXPECT_EQ(stored->Text(0, 1) + "/" + testing::TrimDecimalZeros(stored->Text(0, 2)), "4/30.500001");
  EXPECT_EQ(stored->Text(1, 1) + "/" + testing::TrimDecimalZeros(stored->Text(1, 2)), "1/7");
}

TEST_F(GcpSyncTest, AConnectorSetToKeepItsExportsLeavesThemInTheBucket) {
  cloud_.AddCharge(kTable, older_ + "-05", "1.5", older_ + "-06 04:00:00");
  cloud_.AddCharge(kTable, newer_ + "-01", "2", newer_ + "-02 04:00:00");
  auto server = StartServer();
  json fields = Fields();
  fields["keep_exports"] = "keep";
  auto c = server.Call("POST", "/api/v1/connectors",
                       {{"name", "GCP kept"}, {"provider", "GCP"}, {"fields", fields},
                        {"secret_id", AddSecret(server, cloud_.KeyJson())}});
  ASSERT_EQ(c.status, 201) << c.body;
  json connector = json::parse(c.body);
  EXPECT_EQ(connector["fields"]["keep_exports"], "keep");
  std::string id = connector["id"];
  json run = testing::SyncAndWait(server, id);
  EXPECT_EQ(run["status"], "succeeded") << run.dump(2);
  EXPECT_EQ(testing::RunTotals(run)[older_], "1/1.5");
  EXPECT_EQ(cloud_.storage.ObjectNames(kBucket, "focusd/" + id + "/").size(), 2u) << "one object per month, kept";
}

TEST_F(GcpSyncTest, TestConnectionNamesTheFailingStepOfEachMisconfiguration) {
  cloud_.AddCharge(kTable, newer_ + "-01", "7", newer_ + "-02 04:00:00");
  auto server = StartServer();
  std::string good = AddSecret(server, cloud_.KeyJson());
  auto failed_step = [&](const std::string& secret_id, const json& fields) {
    auto r = server.Call("POST", "/api/v1/connectors/test",
                         {{"name", "GCP"}, {"provider", "GCP"}, {"fields", fields}, {"secret_id", secret_id}});
    EXPECT_EQ(r.status, 200) << r.body;
    json report = json::parse(r.body);
    EXPECT_FALSE(report["ok"].get<bool>()) << report.dump(2);
    for (const auto& s : report["steps"])
      if (!s["ok"].get<bool>()) return s["name"].get<std::string>() + ": " + s["hint"].get<std::string>();
    return std::string();
  };

  // A key Google does not know (signed with another private key).
  std::string unknown = AddSecret(server, cloud_.KeyJson("other@billing-proj.iam.gserviceaccount.com",
                                                         testing::OtherRsaKey(), testing::RsaKey()));
  EXPECT_EQ(failed_step(unknown, Fields()).rfind("Get access token: ", 0), 0u);
  json f = Fields();
  f["bq_dataset"] = "exports";
  EXPECT_EQ(failed_step(good, f).rfind("Find dataset: ", 0), 0u);
  f = Fields();
  f["billing_account_id"] = "0A0A0A-0A0A0A-0A0A0A";  // no FOCUS export of this account
  EXPECT_EQ(failed_step(good, f).rfind("Find FOCUS table or view: ", 0), 0u);
  f = Fields();
  f["bq_region"] = "EU";
  std::string step = failed_step(good, f);
  EXPECT_EQ(step.rfind("Dry-run query: ", 0), 0u) << step;
  EXPECT_NE(step.find("region"), std::string::npos) << step;
  f = Fields();
  f["dest_bucket"] = "no-such-bucket";
  EXPECT_EQ(failed_step(good, f).rfind("Write to bucket: ", 0), 0u);
  cloud_.storage.CreateBucket("read-only-bucket", /*writable=*/false);
  f["dest_bucket"] = "read-only-bucket";
  step = failed_step(good, f);
  EXPECT_EQ(step.rfind("Write to bucket: ", 0), 0u) << step;
  EXPECT_NE(step.find("Storage Object Admin"), std::string::npos) << step;

  // Saved with the unknown key: the sync fails with a hint and stores nothing.
  auto c = server.Call("POST", "/api/v1/connectors",
                       {{"name", "GCP other"}, {"provider", "GCP"}, {"fields", Fields()}, {"secret_id", unknown}});
  ASSERT_EQ(c.status, 201) << c.body;
  json run = testing::SyncAndWait(server, json::parse(c.body)["id"]);
  EXPECT_EQ(run["status"], "failed") << run.dump(2);
  EXPECT_FALSE(run["hint"].get<std::string>().empty()) << run.dump(2);
  EXPECT_TRUE(run["totals"].empty());
}

}  // namespace
}  // namespace focusd
