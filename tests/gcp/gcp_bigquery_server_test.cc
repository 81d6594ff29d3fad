// The BigQuery test server's dialect translation: what it accepts, and what it refuses.
#include <gtest/gtest.h>

#include "support/gcp_bigquery_server.h"

namespace focusd::testing {
namespace {

TEST(BigQueryDialectTest, TranslatesTablePathsAndFormatTimestamp) {
  auto t = TranslateToDuckDb(
      "SELECT FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%E6S', MAX(x_ExportTime)) AS t FROM `p.d.tbl` "
      "WHERE FORMAT_TIMESTAMP('%Y-%m', BillingPeriodStart) = '2026-01'");
  ASSERT_TRUE(t.error.empty()) << t.error;
  EXPECT_EQ(t.sql,
            "SELECT strftime(MAX(x_ExportTime), '%Y-%m-%d %H:%M:%S.%f') AS t FROM \"p.d.tbl\" "
            "WHERE strftime(BillingPeriodStart, '%Y-%m') = '2026-01'");
  EXPECT_TRUE(t.export_uri.empty());
}

TEST(BigQueryDialectTest, SplitsExportDataIntoUriAndSelect) {
  auto t = TranslateToDuckDb(
      "EXPORT DATA OPTIONS(uri='gs://b/focusd/c/2026-01/r/*.parquet', format='PARQUET', overwrite=true) AS "
      "SELECT * FROM `p.d.t`");
  ASSERT_TRUE(t.error.empty()) << t.error;
  EXPECT_EQ(t.export_uri, "gs://b/focusd/c/2026-01/r/*.parquet");
  EXPECT_EQ(t.sql, "SELECT * FROM \"p.d.t\"");
}

TEST(BigQueryDialectTest, RefusesExportsItCannotWrite) {
  EXPECT_NE(TranslateToDuckDb("EXPORT DATA OPTIONS(uri='gs://b/x/*.csv', format='CSV') AS SELECT 1").error, "");
  EXPECT_NE(TranslateToDuckDb("EXPORT DATA OPTIONS(uri='gs://b/x/a.parquet', format='PARQUET') AS SELECT 1").error,
            "");
  EXPECT_NE(TranslateToDuckDb("EXPORT DATA OPTIONS(format='PARQUET') AS SELECT 1").error, "");
  EXPECT_NE(TranslateToDuckDb("SELECT * FROM `p.d.t").error, "");
}

}  // namespace
}  // namespace focusd::testing
