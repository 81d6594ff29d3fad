// AWS connectors registered through the REST API sync AWS Data Exports FOCUS deliveries from
// moto (plain mode), through the real server process: focusd assumes the customer's role
// (its trust policy is evaluated by TrustPolicySts in front of moto's STS), reads the bucket
// through an S3 proxy (which can refuse everything, as a bucket policy would), follows the
// manifests, and loads the warehouse. Two exports: Parquet in "overwrite" mode and gzip CSV
// in "create new versions" mode, two billing periods each.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/random.h"
#include "db/duckdb.h"
#include "e2e/focus_files.h"
#include "support/sync_reports.h"
#include "support/aws_trust_sts.h"
#include "support/focusd_process.h"
#include "support/moto_server.h"
#include "support/s3_fault_proxy.h"
#include "sync/sync_runner.h"

namespace focusd {
namespace {

using nlohmann::json;
using testing::Charge;

const char kBucket[] = "acme-billing";
const char kAccount[] = "111122223333";

std::string TrustPolicy(const std::string& external_id) {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
         R"("Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole",)"
         R"("Condition":{"StringEquals":{"sts:ExternalId":")" + external_id + R"("}}}]})";
}

class AwsSyncTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = new testing::MotoServer(); }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(moto_->running());
    ASSERT_TRUE(moto_->Reset().ok());
    ASSERT_TRUE(moto_->CreateBucket(kBucket).ok());
    external_id_ = "focusd-" + RandomHex(16);
    ASSERT_TRUE(moto_->CreateRole("focusd-billing-reader", TrustPolicy(external_id_)).ok());
    auto periods = BackfillPeriods(Clock::now(), 2);
    older_ = periods[0];
    newer_ = periods[1];
    data_dir_ = testing::NewTempDir("aws-e2e");
    sts_ = std::make_unique<testing::TrustPolicySts>(moto_);
    s3_ = std::make_unique<testing::S3FaultProxy>(moto_->url());
  }

  testing::FocusdProcess StartServer() {
    return testing::FocusdProcess(
        data_dir_, {},
        {"AWS_ENDPOINT_URL=" + moto_->url(), "AWS_ENDPOINT_URL_STS=" + sts_->url(), "AWS_ENDPOINT_URL_S3=" + s3_->url(),
         "AWS_ACCESS_KEY_ID=focusd-test-key", "AWS_SECRET_ACCESS_KEY=focusd-test-secret", "AWS_REGION=us-east-1",
         "AWS_SHARED_CREDENTIALS_FILE=/nonexistent", "AWS_CONFIG_FILE=/nonexistent"});
  }

  void Put(const std::string& key, const std::string& bytes) {
    ASSERT_TRUE(moto_->PutObject(kBucket, key, bytes).ok()) << key;
  }

  // A manifest the way Data Exports writes it: the data files as s3:// URIs and the rows.
  void PutManifest(const std::string& key, const std::string& export_name, const std::string& period,
                   const std::vector<std::string>& data_keys, int64_t rows) {
    json files = json::array();
    for (const auto& k : data_keys) files.push_back("s3://" + std::string(kBucket) + "/" + k);
    Put(key, json{{"version", "1.0"},
                  {"exportName", export_name},
                  {"exportArn", "arn:aws:bcm-data-exports:us-east-1:" + std::string(kAccount) + ":export/" + export_name},
                  {"executionId", RandomHex(8)},
                  {"billingPeriod", {{"start", period + "-01T00:00:00.000Z"}}},
                  {"dataFiles", files},
                  {"totalRowCount", rows}}
                 .dump());
  }

  // Overwrite mode, Parquet: exports/focus-parquet/data/BILLING_PERIOD=P/part-N.snappy.parquet,
  // one file per charge list, and the period's one manifest rewritten.
  void DeliverParquet(const std::string& period, const std::vector<std::vector<Charge>>& parts,
                      int64_t manifest_rows = -1) {
    std::vector<std::string> keys;
    int64_t rows = 0;
    for (size_t i = 0; i < parts.size(); ++i) {
      std::string key = "exports/focus-parquet/data/BILLING_PERIOD=" + period + "/focus-parquet-0000" +
                        std::to_string(i + 1) + ".snappy.parquet";
      Put(key, testing::FocusParquet("AWS", parts[i]));
      keys.push_back(key);
      rows += static_cast<int64_t>(parts[i].size());
    }
    PutManifest("exports/focus-parquet/metadata/BILLING_PERIOD=" + period + "/focus-parquet-Manifest.json",
                "focus-parquet", period, keys, manifest_rows >= 0 ? manifest_rows : rows);
  }

  // "Create new versions" mode, gzip CSV: each delivery in its own folder under the period.
  void DeliverCsv(const std::string& period, const std::string& folder, const std::vector<Charge>& charges) {
    std::string key = "billing/focus-csv/data/BILLING_PERIOD=" + period + "/" + folder + "/focus-csv-00001.csv.gz";
    Put(key, testing::Gzip(testing::FocusCsv("AWS", charges)));
    PutManifest("billing/focus-csv/metadata/BILLING_PERIOD=" + period + "/" + folder + "/focus-csv-Manifest.json",
                "focus-csv", period, {key}, static_cast<int64_t>(charges.size()));
  }

  json Fields(const std::string& path, const std::string& file_type, const std::string& role = "focusd-billing-reader",
              const std::string& external_id = "") {
    return {{"account_id", kAccount}, {"bucket", kBucket},      {"path", path},
            {"file_type", file_type}, {"role_name", role}, {"external_id", external_id.empty() ? external_id_ : external_id}};
  }

  std::string Register(testing::FocusdProcess& server, const std::string& name, const json& fields) {
    auto c = server.Call("POST", "/api/v1/connectors", {{"name", name}, {"provider", "AWS"}, {"fields", fields}});
    EXPECT_EQ(c.status, 201) << c.body;
    return json::parse(c.body).value("id", "");
  }


  // rows/billed_cost per period, as the run reports them from the warehouse.
  static std::map<std::string, std::string> Totals(const json& run) {
    std::map<std::string, std::string> out;
    for (const auto& t : run["totals"]) out[t["period"]] = t["rows"].dump() + "/" + t["billed_cost"].get<std::string>();
    return out;
  }

  std::string Day(const std::string& period, const std::string& dd) { return period + "-" + dd; }

  static testing::MotoServer* moto_;
  std::unique_ptr<testing::TrustPolicySts> sts_;
  std::unique_ptr<testing::S3FaultProxy> s3_;
  std::string external_id_, older_, newer_, data_dir_;
};
testing::MotoServer* AwsSyncTest::moto_ = nullptr;

TEST_F(AwsSyncTest, ParquetOverwriteExportSyncsExactlyAndARedeliveryReplacesOnlyItsMonth) {
  DeliverParquet(older_, {{{Day(older_, "01"), "10.000000000000000001"}, {Day(older_, "02"), "2.5"}},
                          {{Day(older_, "03"), "0.125"}}});
  DeliverParquet(newer_, {{{Day(newer_, "01"), "7"}}});
  auto server = StartServer();

  // Before Save: the form's fields, tested as they are.
  auto before = server.Call("POST", "/api/v1/connectors/test",
                            {{"name", "AWS prod"}, {"provider", "AWS"}, {"fields", Fields("exports", "parquet")}});
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_TRUE(json::parse(before.body)["ok"].get<bool>()) << before.body;

  std::string id = Register(server, "AWS prod", Fields("exports", "parquet"));
  auto test = json::parse(server.Call("POST", "/api/v1/connectors/" + id + "/test").body);
  EXPECT_TRUE(test["ok"].get<bool>()) << test.dump(2);
  ASSERT_EQ(test["steps"].size(), 5u);

  json first = testing::SyncAndWait(server, id);
  EXPECT_EQ(first["status"], "succeeded") << first.dump(2);
  EXPECT_EQ(first["files"], 3);
  EXPECT_EQ(first["rows"], 4);
  auto totals = testing::RunTotals(first);
  EXPECT_EQ(totals[older_], "3/12.625000000000000001");
  EXPECT_EQ(totals[newer_], "1/7");

  json again = testing::SyncAndWait(server, id);
  EXPECT_EQ(again["status"], "succeeded");
  EXPECT_EQ(again["files"], 0) << "nothing changed: nothing downloaded";
  EXPECT_EQ(again["periods"], json::array());

  // AWS refreshes the older month in place: one file now, the manifest rewritten.
  ASSERT_TRUE(moto_->DeleteObject(kBucket, "exports/focus-parquet/data/BILLING_PERIOD=" + older_ +
                                               "/focus-parquet-00002.snappy.parquet")
                  .ok());
  DeliverParquet(older_, {{{Day(older_, "01"), "10"}, {Day(older_, "02"), "2.75"}}});
  json third = testing::SyncAndWait(server, id);
  EXPECT_EQ(third["status"], "succeeded") << third.dump(2);
  EXPECT_EQ(third["periods"], json::array({older_}));
  EXPECT_EQ(third["files"], 1);
  EXPECT_EQ(testing::RunTotals(third)[older_], "2/12.75");

  // A delivery whose files do not hold the rows its manifest lists is refused; the month
  // keeps what it had.
  DeliverParquet(newer_, {{{Day(newer_, "01"), "7"}, {Day(newer_, "02"), "100"}}}, /*manifest_rows=*/5);
  json bad = testing::SyncAndWait(server, id);
  EXPECT_EQ(bad["status"], "failed") << bad.dump(2);
  EXPECT_NE(bad["error"].get<std::string>().find("5 rows in its manifest"), std::string::npos) << bad.dump(2);
  EXPECT_FALSE(bad["hint"].get<std::string>().empty());
  auto connector = json::parse(server.Call("GET", "/api/v1/connectors/" + id).body);
  EXPECT_EQ(connector["status"], "Error");
  server.Stop();

  auto db = *DuckDatabase::Open(data_dir_ + "/focusd.duckdb");
  auto conn = *db->Connect();
  auto stored = conn->Query(
      "SELECT billing_period, count(*), sum(BilledCost)::VARCHAR FROM focus_costs GROUP BY 1 ORDER BY 1");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->row_count(), 2u);
  EXPECT_EQ(stored->Text(0, 1), "2");
  EXPECT_EQ(testing::TrimDecimalZeros(stored->Text(0, 2)), "12.75");
  EXPECT_EQ(stored->Text(1, 1), "1") << "the refused delivery left the month as it was";
  EXPECT_EQ(testing::TrimDecimalZeros(stored->Text(1, 2)), "7");
}

TEST_F(AwsSyncTest, CsvExportWithNewVersionsTakesTheNewestDeliveryOfEachMonth) {
  DeliverCsv(older_, "20260101T0000Z-a1", {{Day(older_, "01"), "1.1"}});
  DeliverCsv(older_, "20260102T0000Z-a2", {{Day(older_, "01"), "1.1"}, {Day(older_, "02"), "2.2"}});
  DeliverCsv(newer_, "20260201T0000Z-b1", {{Day(newer_, "01"), "0.000001"}});
  auto server = StartServer();
  std::string id = Register(server, "AWS csv", Fields("billing/", "csv_gzip"));
  auto test = json::parse(server.Call("POST", "/api/v1/connectors/" + id + "/test").body);
  EXPECT_TRUE(test["ok"].get<bool>()) << test.dump(2);

  json first = testing::SyncAndWait(server, id);
  EXPECT_EQ(first["status"], "succeeded") << first.dump(2);
  EXPECT_EQ(first["files"], 2) << "one file per month: the newest delivery's";
  auto totals = testing::RunTotals(first);
  EXPECT_EQ(totals[older_], "2/3.3");
  EXPECT_EQ(totals[newer_], "1/0.000001");
  EXPECT_EQ(testing::SyncAndWait(server, id)["files"], 0);

  DeliverCsv(newer_, "20260203T0000Z-b2", {{Day(newer_, "01"), "0.000001"}, {Day(newer_, "03"), "4"}});
  json third = testing::SyncAndWait(server, id);
  EXPECT_EQ(third["periods"], json::array({newer_})) << third.dump(2);
  EXPECT_EQ(testing::RunTotals(third)[newer_], "2/4.000001");
  server.Stop();
}

TEST_F(AwsSyncTest, TestConnectionNamesTheFailingStepOfEachMisconfiguration) {
  DeliverParquet(newer_, {{{Day(newer_, "01"), "7"}}});
  auto server = StartServer();
  auto test = [&](const json& fields) {
    auto r = server.Call("POST", "/api/v1/connectors/test", {{"name", "AWS"}, {"provider", "AWS"}, {"fields", fields}});
    EXPECT_EQ(r.status, 200) << r.body;
    json report = json::parse(r.body);
    EXPECT_FALSE(report["ok"].get<bool>()) << report.dump(2);
    return testing::FailedStep(report);
  };

  // The trust policy requires another external id.
  std::string wrong_id = "focusd-" + RandomHex(16);
  std::string step = test(Fields("exports", "parquet", "focusd-billing-reader", wrong_id));
  EXPECT_EQ(step.rfind("Assume role: ", 0), 0u) << step;
  EXPECT_NE(step.find("trust policy"), std::string::npos) << step;
  EXPECT_NE(step.find(wrong_id), std::string::npos) << step;
  // No such role in the account.
  step = test(Fields("exports", "parquet", "not-installed-role"));
  EXPECT_EQ(step.rfind("Assume role: ", 0), 0u) << step;
  EXPECT_NE(step.find("arn:aws:iam::111122223333:role/not-installed-role"), std::string::npos) << step;
  // Nothing under the path.
  step = test(Fields("exprots", "parquet"));
  EXPECT_EQ(step.rfind("List path: ", 0), 0u) << step;
  // The export writes Parquet, the connector says gzip CSV.
  step = test(Fields("exports", "csv_gzip"));
  EXPECT_EQ(step.rfind("Find data file: ", 0), 0u) << step;
  EXPECT_NE(step.find("Set the connector's file type to parquet"), std::string::npos) << step;
  // The bucket refuses the role (a bucket policy, or a role without s3:ListBucket).
  s3_->deny_all = true;
  step = test(Fields("exports", "parquet"));
  EXPECT_EQ(step.rfind("Access bucket: ", 0), 0u) << step;
  EXPECT_NE(step.find("s3:ListBucket"), std::string::npos) << step;
  s3_->deny_all = false;
  EXPECT_GE(sts_->refused(), 2);

  // A saved connector with the wrong external id: the sync fails with the role's hint, the
  // connector is in Error, nothing is stored.
  std::string id = Register(server, "AWS wrong id", Fields("exports", "parquet", "focusd-billing-reader", wrong_id));
  json run = testing::SyncAndWait(server, id);
  EXPECT_EQ(run["status"], "failed");
  EXPECT_NE(run["hint"].get<std::string>().find("role"), std::string::npos) << run.dump(2);
  auto report = json::parse(server.Call("POST", "/api/v1/connectors/" + id + "/test").body);
  EXPECT_EQ(testing::FailedStep(report).rfind("Assume role: ", 0), 0u) << report.dump(2);
  EXPECT_EQ(json::parse(server.Call("GET", "/api/v1/connectors/" + id).body)["status"], "Error");
  server.Stop();
  EXPECT_EQ(server.ReadLog().find("focusd-test-secret"), std::string::npos);
}

}  // namespace
}  // namespace focusd
