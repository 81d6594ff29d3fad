#include "providers/gcp/bigquery_client.h"

#include <gtest/gtest.h>

#include "support/gcp_fake_cloud.h"

namespace focusd {
namespace {

using testing::GcpFakeCloud;

class BigQueryClientTest : public ::testing::Test {
 protected:
  BigQueryClientTest() {
    cloud.CreateFocusTable("billing-proj", "billing", "focus");
    cloud.AddCharge(kTable, "2026-01-03", "10.50", "2026-01-04 06:00:00");
    cloud.AddCharge(kTable, "2026-01-20", "2.25", "2026-01-21 06:00:00");
    cloud.AddCharge(kTable, "2026-02-02", "7.00", "2026-02-03 06:00:00");
    RetryPolicy no_sleep;
    no_sleep.sleep = [](std::chrono::milliseconds) {};
    auto tokens = std::make_shared<GoogleTokenSource>(ServiceAccountKey::Parse(cloud.KeyJson()).value(),
                                                      std::vector<std::string>{kBigQueryScope},
                                                      TimeSource::System(), no_sleep);
    BigQueryOptions o;
    o.endpoint = cloud.bigquery.endpoint();
    o.retry = no_sleep;
    o.sleep = [this](std::chrono::milliseconds d) { waits.push_back(d.count()); };
    o.page_size = 1;
    client = std::make_unique<BigQueryClient>(tokens, o);
  }
  static constexpr char kTable[] = "billing-proj.billing.focus";
  GcpFakeCloud cloud;
  std::vector<int64_t> waits;
  std::unique_ptr<BigQueryClient> client;
};

TEST_F(BigQueryClientTest, RunsAQueryPollsUntilDoneAndReadsEveryPage) {
  cloud.bigquery.running_polls = 3;
  auto rows = client->Query("billing-proj", "US",
                            "SELECT FORMAT_TIMESTAMP('%Y-%m', BillingPeriodStart) AS billing_period, "
                            "SUM(BilledCost) AS cost FROM `billing-proj.billing.focus` "
                            "GROUP BY billing_period ORDER BY billing_period");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->columns, (std::vector<std::string>{"billing_period", "cost"}));
  ASSERT_EQ(rows->rows.size(), 2u);  // read one row per page
  EXPECT_EQ(rows->rows[0][0].value(), "2026-01");
  EXPECT_EQ(rows->rows[0][1].value(), "12.750000");
  EXPECT_EQ(rows->rows[1][0].value(), "2026-02");
  // Three RUNNING answers: waited 500, 1000, 2000 ms (doubling backoff).
  EXPECT_EQ(waits, (std::vector<int64_t>{500, 1000, 2000}));
}

TEST_F(BigQueryClientTest, ARetriedInsertWhoseFirstAnswerWasLostWaitsForTheSameJob) {
  cloud.bigquery.lose_insert_answers = 1;
  auto rows = client->Query("billing-proj", "US", "SELECT COUNT(*) AS n FROM `billing-proj.billing.focus`");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->rows[0][0].value(), "3");
  EXPECT_EQ(cloud.bigquery.queries().size(), 1u);  // ran once, not twice
}

TEST_F(BigQueryClientTest, AJobThatNeverFinishesIsAbandonedAfterTheTimeout) {
  cloud.bigquery.running_polls = 1000;
  RetryPolicy no_sleep;
  no_sleep.sleep = [](std::chrono::milliseconds) {};
  auto tokens = std::make_shared<GoogleTokenSource>(ServiceAccountKey::Parse(cloud.KeyJson()).value(),
                                                    std::vector<std::string>{kBigQueryScope},
                                                    TimeSource::System(), no_sleep);
  BigQueryOptions o;
  o.endpoint = cloud.bigquery.endpoint();
  o.retry = no_sleep;
  o.sleep = [this](std::chrono::milliseconds d) { waits.push_back(d.count()); };
  o.job_timeout = std::chrono::seconds(3);
  auto r = BigQueryClient(tokens, o).RunQuery("billing-proj", "US", "SELECT 1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("is still RUNNING"), std::string::npos);
  EXPECT_EQ(waits, (std::vector<int64_t>{500, 1000, 2000}));
}

TEST_F(BigQueryClientTest, AFailedJobCarriesBigQuerysMessage) {
  auto r = client->Query("billing-proj", "US", "SELECT * FROM `billing-proj.billing.nope`");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("(notFound): Not found: Table billing-proj:billing.nope was not found in "
                                      "location US"),
            std::string::npos)
      << r.status().message();

  auto bad = client->Query("billing-proj", "US", "SELECT NoSuchColumn FROM `billing-proj.billing.focus`");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("NoSuchColumn"), std::string::npos) << bad.status().message();
}

TEST_F(BigQueryClientTest, AJobInTheWrongLocationDoesNotFindTheDataset) {
  auto r = client->RunQuery("billing-proj", "EU", "SELECT 1 FROM `billing-proj.billing.focus`");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("was not found in location EU"), std::string::npos);
}

TEST_F(BigQueryClientTest, DryRunValidatesWithoutRunning) {
  EXPECT_TRUE(client->DryRun("billing-proj", "US", "SELECT * FROM `billing-proj.billing.focus`").ok());
  Status bad = client->DryRun("billing-proj", "US", "SELECT Oops FROM `billing-proj.billing.focus`");
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("Oops"), std::string::npos);
  EXPECT_TRUE(cloud.bigquery.queries().empty());
}

TEST_F(BigQueryClientTest, ReadsDatasetsAndTables) {
  EXPECT_TRUE(client->GetDataset("billing-proj", "billing").ok());
  Status missing = client->GetDataset("billing-proj", "other");
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_NE(missing.message().find("Not found: Dataset billing-proj:other"), std::string::npos);
  auto table = client->GetTable("billing-proj", "billing", "focus");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->type, "TABLE");
  EXPECT_NE(std::find(table->columns.begin(), table->columns.end(), "x_ExportTime"), table->columns.end());
  EXPECT_EQ(client->GetTable("billing-proj", "billing", "nope").status().code(), StatusCode::kNotFound);
}

TEST_F(BigQueryClientTest, TheServerRefusesUnknownAndExpiredTokens) {
  auto get = [&](const std::string& token) {
    HttpRequest req;
    req.url = cloud.bigquery.endpoint() + "/bigquery/v2/projects/billing-proj/datasets/billing";
    req.headers.push_back({"Authorization", "Bearer " + token});
    return HttpClient::Send(req).value();
  };
  auto unknown = get("ya29.made-up");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_NE(unknown.body.find("UNAUTHENTICATED"), std::string::npos);

  GoogleTokenSource tokens(ServiceAccountKey::Parse(cloud.KeyJson()).value(), {kBigQueryScope});
  std::string live = tokens.Token()->Reveal();
  EXPECT_EQ(get(live).status, 200);
  cloud.token.SetNow(Clock::now() + std::chrono::minutes(61));  // past the token's lifetime
  EXPECT_EQ(get(live).status, 401);
}

TEST(BigQueryEndpointTest, ReadsBigQueryEmulatorHost) {
  unsetenv("BIGQUERY_EMULATOR_HOST");
  EXPECT_EQ(BigQueryEndpointFromEnvironment(), "https://bigquery.googleapis.com");
  setenv("BIGQUERY_EMULATOR_HOST", "127.0.0.1:9050", 1);
  EXPECT_EQ(BigQueryEndpointFromEnvironment(), "http://127.0.0.1:9050");
  unsetenv("BIGQUERY_EMULATOR_HOST");
}

}  // namespace
}  // namespace focusd
