// End to end against the GCP test servers: a service account key, the FOCUS table in
// BigQuery, EXPORT DATA to Cloud Storage as Parquet, download, and the incremental rule
// (an appended correction re-exports only its billing period, which replaces the stored one).
#include "providers/gcp/gcp_billing_source.h"

#include <gtest/gtest.h>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <sstream>

#include "db/duckdb.h"
#include "support/gcp_fake_cloud.h"

namespace focusd {
namespace {

using json = nlohmann::json;
using testing::GcpFakeCloud;

constexpr char kTable[] = "billing-proj.billing.gcp_billing_export_focus_012345_6789AB_CDEF01";

json Fields() {
  return {{"billing_account_id", "012345-6789AB-CDEF01"}, {"bq_project_id", "billing-proj"},
          {"bq_region", "US"},         {"bq_dataset", "billing"},
          {"dest_project_id", "focusd-jobs"}, {"dest_region", "US"},
          {"dest_dataset", "focusd_results"}, {"dest_bucket", "focusd-exports"}};
}

class GcpBillingSourceTest : public ::testing::Test {
 protected:
  GcpBillingSourceTest() {
    cloud.CreateFocusTable("billing-proj", "billing", "gcp_billing_export_focus_012345_6789AB_CDEF01");
    cloud.storage.CreateBucket("focusd-exports");
    cloud.bigquery.rows_per_file = 2;  // several Parquet objects per export, as BigQuery writes
    cloud.AddCharge(kTable, "2026-01-05", "10.00", "2026-01-06 04:00:00");
    cloud.AddCharge(kTable, "2026-01-17", "20.00", "2026-01-18 04:00:00");
    cloud.AddCharge(kTable, "2026-01-29", "30.00", "2026-01-30 04:00:00", "Cloud Storage");
    cloud.AddCharge(kTable, "2026-02-02", "5.00", "2026-02-03 04:00:00");
    cloud.AddCharge(kTable, "2026-02-10", "7.50", "2026-02-11 04:00:00.250000");
    db = DuckDatabase::Open(":memory:").value();
    conn = db->Connect().value();
    EXPECT_TRUE(conn->Execute("CREATE TABLE stored (period VARCHAR, ServiceName VARCHAR, BilledCost DECIMAL(18,6))")
                    .ok());
  }

  std::unique_ptr<GcpBillingSource> Source(const std::string& key_json, const std::string& watermark = "",
                                           json fields = Fields()) {
    GcpSourceOptions o;
    o.endpoints.bigquery = cloud.bigquery.endpoint();
    o.endpoints.storage = cloud.storage.endpoint();
    o.retry.sleep = [](std::chrono::milliseconds) {};
    o.poll_sleep = [](std::chrono::milliseconds) {};
    auto config = GcpSourceConfig::FromConnectorFields("con_0123456789abcdef", fields);
    EXPECT_TRUE(config.ok()) << config.status().ToString();
    return std::make_unique<GcpBillingSource>(config.value(), ServiceAccountKey::Parse(key_json).value(), o,
                                              watermark);
  }

  // What the FOCUS engine does with a fetched period: replace the period's stored rows.
  void Load(const PeriodDelivery& d, const std::vector<std::string>& files) {
    std::string list;
    for (const auto& f : files) list += (list.empty() ? "" : ", ") + SqlQuote(f);
    ASSERT_TRUE(conn->Execute("DELETE FROM stored WHERE period = " + SqlQuote(d.billing_period)).ok());
    ASSERT_TRUE(conn->Execute("INSERT INTO stored SELECT " + SqlQuote(d.billing_period) +
                              ", ServiceName, BilledCost FROM read_parquet([" + list + "])")
                    .ok());
  }

  std::string Stored(const std::string& sql) { return conn->Query(sql)->Text(0, 0); }

  // Discover, fetch, load and clean up every changed period; returns the periods synced and
  // the new watermark (the newest delivery_id).
  std::vector<std::string> Sync(GcpBillingSource& source, std::string* watermark) {
    std::vector<std::string> periods;
    auto deliveries = source.Discover();
    EXPECT_TRUE(deliveries.ok()) << deliveries.status().ToString();
    if (!deliveries.ok()) return periods;
    for (const auto& d : *deliveries) {
      EXPECT_EQ(d.format, FileFormat::kParquet);
      auto files = source.Fetch(d, dir + "/" + d.billing_period);
      EXPECT_TRUE(files.ok()) << files.status().ToString();
      if (!files.ok()) continue;
      Load(d, *files);
      EXPECT_EQ(std::stoll(Stored("SELECT count(*) FROM stored WHERE period = '" + d.billing_period + "'")),
                d.expected_rows);
      EXPECT_TRUE(source.DeleteExportedObjects(d.billing_period).ok());
      periods.push_back(d.billing_period);
      if (d.delivery_id > *watermark) *watermark = d.delivery_id;
    }
    return periods;
  }

  GcpFakeCloud cloud;
  std::shared_ptr<DuckDatabase> db;
  std::unique_ptr<DuckConnection> conn;
  std::string dir = ::testing::TempDir() + "/gcp-sync";
};

TEST_F(GcpBillingSourceTest, DiscoversEveryPeriodOnTheFirstSync) {
  auto source = Source(cloud.KeyJson());
  auto deliveries = source->Discover();
  ASSERT_TRUE(deliveries.ok()) << deliveries.status().ToString();
  ASSERT_EQ(deliveries->size(), 2u);
  EXPECT_EQ((*deliveries)[0].billing_period, "2026-01");
  EXPECT_EQ((*deliveries)[0].delivery_id, "2026-01-30 04:00:00.000000");
  EXPECT_EQ((*deliveries)[0].expected_rows, 3);
  EXPECT_EQ((*deliveries)[1].billing_period, "2026-02");
  EXPECT_EQ((*deliveries)[1].delivery_id, "2026-02-11 04:00:00.250000");
  EXPECT_EQ((*deliveries)[1].expected_rows, 2);
}

TEST_F(GcpBillingSourceTest, TwoPeriodsThenACorrectionReExportsOnlyItsPeriod) {
  auto source = Source(cloud.KeyJson());
  std::string watermark;
  EXPECT_EQ(Sync(*source, &watermark), (std::vector<std::string>{"2026-01", "2026-02"}));
  EXPECT_EQ(watermark, "2026-02-11 04:00:00.250000");
  EXPECT_EQ(Stored("SELECT sum(BilledCost) FROM stored"), "72.500000");
  EXPECT_EQ(Stored("SELECT sum(BilledCost) FROM stored WHERE ServiceName = 'Cloud Storage'"), "30.000000");
  // The exports went through the bucket and were deleted after the load.
  EXPECT_TRUE(cloud.storage.ObjectNames("focusd-exports").empty());

  // Nothing new: nothing to export.
  auto quiet = Source(cloud.KeyJson(), watermark);
  EXPECT_TRUE(quiet->Discover()->empty());

  // GCP appends a correction to January (a credit exported later).
  cloud.AddCharge(kTable, "2026-01-17", "-4.00", "2026-02-12 04:00:00");
  auto next = Source(cloud.KeyJson(), watermark);
  size_t queries_before = cloud.bigquery.queries().size();
  EXPECT_EQ(Sync(*next, &watermark), (std::vector<std::string>{"2026-01"}));
  EXPECT_EQ(watermark, "2026-02-12 04:00:00.000000");
  // January was replaced (not appended to), February kept.
  EXPECT_EQ(Stored("SELECT count(*) FROM stored WHERE period = '2026-01'"), "4");
  EXPECT_EQ(Stored("SELECT sum(BilledCost) FROM stored WHERE period = '2026-01'"), "56.000000");
  EXPECT_EQ(Stored("SELECT sum(BilledCost) FROM stored WHERE period = '2026-02'"), "12.500000");
  // One discovery query and one export, of January only.
  auto queries = cloud.bigquery.queries();
  ASSERT_EQ(queries.size(), queries_before + 2);
  EXPECT_NE(queries.back().find("= '2026-01'"), std::string::npos);
  EXPECT_NE(queries.back().find("EXPORT DATA OPTIONS(uri='gs://focusd-exports/focusd/con_0123456789abcdef/2026-01/"),
            std::string::npos);
}

TEST_F(GcpBillingSourceTest, NoKeyOrTokenReachesTheLog) {
  std::ostringstream log;
  auto previous = spdlog::default_logger();
  auto capture = std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(log));
  capture->set_level(spdlog::level::trace);
  spdlog::set_default_logger(capture);
  cloud.bigquery.lose_insert_answers = 1;  // a retry, logged as a warning
  std::string watermark;
  auto source = Source(cloud.KeyJson());
  Sync(*source, &watermark);
  cloud.token.ExpireAllTokens();
  source->TestConnection();
  Source(cloud.KeyJson("focusd@billing-proj.iam.gserviceaccount.com", testing::OtherRsaKey(), testing::RsaKey()))
      ->TestConnection();
  spdlog::set_default_logger(previous);
  std::string text = log.str();
  EXPECT_NE(text.find("retrying"), std::string::npos);  // the capture works
  EXPECT_EQ(text.find("ya29."), std::string::npos);
  EXPECT_EQ(text.find(testing::PemBody(testing::Pkcs8Pem(testing::RsaKey())).substr(0, 40)), std::string::npos);
  EXPECT_EQ(text.find("assertion="), std::string::npos);
  EXPECT_EQ(text.find("eyJhbGci"), std::string::npos);  // a JWT header
}

TEST_F(GcpBillingSourceTest, KeepsExportsWhenConfigured) {
  json fields = Fields();
  fields["keep_exports"] = "keep";  // as the connector form stores it
  auto source = Source(cloud.KeyJson(), "", fields);
  std::string watermark;
  Sync(*source, &watermark);
  auto names = cloud.storage.ObjectNames("focusd-exports", "focusd/con_0123456789abcdef/2026-01/");
  EXPECT_EQ(names.size(), 2u);  // three rows, two per file
}

TEST_F(GcpBillingSourceTest, AFailedExportSaysWhatBigQuerySaid) {
  cloud.storage.CreateBucket("focusd-exports", /*writable=*/false);
  auto source = Source(cloud.KeyJson());
  auto deliveries = source->Discover().value();
  auto files = source->Fetch(deliveries[0], dir + "/failed");
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(files.status().message().find("exporting 2026-01 to gs://focusd-exports"), std::string::npos);
  EXPECT_NE(files.status().message().find("Permission denied while writing data"), std::string::npos);
}

TEST_F(GcpBillingSourceTest, AWrongKeyIsRefusedBeforeAnyQuery) {
  auto source = Source(cloud.KeyJson("focusd@billing-proj.iam.gserviceaccount.com", testing::OtherRsaKey(),
                                     testing::RsaKey()));
  auto r = source->Discover();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(cloud.bigquery.queries().empty());
}

TEST_F(GcpBillingSourceTest, AnExpiredTokenIsRefusedAndReplaced) {
  auto source = Source(cloud.KeyJson());
  ASSERT_TRUE(source->Discover().ok());
  cloud.token.ExpireAllTokens();
  ASSERT_TRUE(source->Discover().ok());
  EXPECT_EQ(cloud.token.tokens_issued(), 2);
}

TEST_F(GcpBillingSourceTest, TestConnectionPassesEveryStep) {
  auto report = Source(cloud.KeyJson())->TestConnection();
  ASSERT_TRUE(report.ok);
  std::vector<std::string> names;
  for (const auto& s : report.steps) {
    EXPECT_TRUE(s.ok) << s.name << ": " << s.message;
    names.push_back(s.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Get access token", "Find dataset", "Find FOCUS table or view",
                                             "Dry-run query", "Write to bucket"}));
  EXPECT_TRUE(cloud.storage.ObjectNames("focusd-exports").empty());  // the probe object is removed
}

TEST_F(GcpBillingSourceTest, TestConnectionStopsAtTheFailingStep) {
  auto last = [](const ConnectionReport& r) { return r.steps.back(); };

  auto wrong_key = Source(cloud.KeyJson("focusd@billing-proj.iam.gserviceaccount.com", testing::OtherRsaKey(),
                                        testing::RsaKey()))
                       ->TestConnection();
  EXPECT_FALSE(wrong_key.ok);
  EXPECT_EQ(wrong_key.steps.size(), 1u);
  EXPECT_EQ(last(wrong_key).name, "Get access token");
  EXPECT_NE(last(wrong_key).message.find("Invalid JWT Signature"), std::string::npos);
  std::string pem_body = testing::PemBody(testing::Pkcs8Pem(testing::OtherRsaKey()));
  EXPECT_EQ(last(wrong_key).message.find(pem_body.substr(0, 40)), std::string::npos);

  json other_dataset = Fields();
  other_dataset["bq_dataset"] = "exports";
  auto no_dataset = Source(cloud.KeyJson(), "", other_dataset)->TestConnection();
  EXPECT_EQ(last(no_dataset).name, "Find dataset");
  EXPECT_NE(last(no_dataset).message.find("Not found: Dataset billing-proj:exports"), std::string::npos);
  EXPECT_NE(last(no_dataset).hint.find("BigQuery Data Viewer"), std::string::npos);

  json view = Fields();
  view["source_table"] = "focus_v1_0";
  auto no_table = Source(cloud.KeyJson(), "", view)->TestConnection();
  EXPECT_EQ(last(no_table).name, "Find FOCUS table or view");
  EXPECT_FALSE(last(no_table).ok);
  EXPECT_NE(last(no_table).hint.find("deploy/gcp/focus_view.sql"), std::string::npos);

  cloud.bigquery.Exec("CREATE VIEW \"billing-proj.billing.no_export_time\" AS SELECT BillingPeriodStart FROM \"" +
                      std::string(kTable) + "\"");
  json wrong_view = Fields();
  wrong_view["source_table"] = "no_export_time";
  auto no_column = Source(cloud.KeyJson(), "", wrong_view)->TestConnection();
  EXPECT_EQ(last(no_column).name, "Find FOCUS table or view");
  EXPECT_NE(last(no_column).message.find("has no column x_ExportTime"), std::string::npos);

  json eu = Fields();
  eu["bq_region"] = "EU";
  auto wrong_region = Source(cloud.KeyJson(), "", eu)->TestConnection();
  EXPECT_EQ(last(wrong_region).name, "Dry-run query");
  EXPECT_NE(last(wrong_region).message.find("not found in location EU"), std::string::npos);

  cloud.storage.CreateBucket("focusd-exports", /*writable=*/false);
  auto read_only = Source(cloud.KeyJson())->TestConnection();
  EXPECT_FALSE(read_only.ok);
  EXPECT_EQ(last(read_only).name, "Write to bucket");
  EXPECT_NE(last(read_only).hint.find("Storage Object Admin"), std::string::npos);
}

TEST_F(GcpBillingSourceTest, IsCreatedFromAConnectorAndItsSecret) {
  GcpSourceOptions o;
  o.endpoints.bigquery = cloud.bigquery.endpoint();
  o.endpoints.storage = cloud.storage.endpoint();
  o.poll_sleep = [](std::chrono::milliseconds) {};
  auto source = GcpBillingSource::Create("con_0123456789abcdef", Fields(), json{{"key_json", cloud.KeyJson()}}, o);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_EQ((*source)->Discover()->size(), 2u);
  auto no_key = GcpBillingSource::Create("con_0123456789abcdef", Fields(), json{{"sas_token", "x"}}, o);
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.status().field(), "key_json");
}

TEST(GcpSourceConfigTest, DefaultsTheTableFromTheBillingAccountAndChecksNames) {
  auto c = GcpSourceConfig::FromConnectorFields("con_1", Fields());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->QualifiedSource(), kTable);
  json bad = Fields();
  bad["bq_dataset"] = "billing`; DROP TABLE x; --";
  auto r = GcpSourceConfig::FromConnectorFields("con_1", bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "bq_dataset");
  json no_bucket = Fields();
  no_bucket.erase("dest_bucket");
  EXPECT_EQ(GcpSourceConfig::FromConnectorFields("con_1", no_bucket).status().field(), "dest_bucket");
}

TEST(GcpSourceSqlTest, GeneratesTheDocumentedQueries) {
  GcpSourceConfig c = GcpSourceConfig::FromConnectorFields("con_1", Fields()).value();
  GcpBillingSource source(c, ServiceAccountKey{}, {}, "2026-02-11 04:00:00.250000");
  EXPECT_EQ(source.ChangedPeriodsSql(),
            "SELECT FORMAT_TIMESTAMP('%Y-%m', BillingPeriodStart) AS billing_period, "
            "FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%E6S', MAX(x_ExportTime)) AS last_export_time, COUNT(x_ExportTime) AS row_count "
            "FROM `" + std::string(kTable) + "` GROUP BY billing_period "
            "HAVING MAX(x_ExportTime) > TIMESTAMP '2026-02-11 04:00:00.250000' ORDER BY billing_period");
  PeriodDelivery d;
  d.billing_period = "2026-01";
  d.delivery_id = "2026-01-30 04:00:00.000000";
  EXPECT_EQ(source.ExportSql(d, "focusd/con_1/2026-01/run/"),
            "EXPORT DATA OPTIONS(uri='gs://focusd-exports/focusd/con_1/2026-01/run/*.parquet', format='PARQUET', "
            "overwrite=true) AS SELECT * FROM `" + std::string(kTable) + "` WHERE "
            "FORMAT_TIMESTAMP('%Y-%m', BillingPeriodStart) = '2026-01' AND x_ExportTime <= TIMESTAMP "
            "'2026-01-30 04:00:00.000000'");
  GcpBillingSource bad_watermark(c, ServiceAccountKey{}, {}, "yesterday'; --");
  EXPECT_EQ(bad_watermark.Discover().status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace focusd
