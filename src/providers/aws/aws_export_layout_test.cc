#include "providers/aws/aws_export_layout.h"

#include <gtest/gtest.h>

namespace focusd {
namespace {

ObjectInfo Obj(const std::string& key, const std::string& modified = "2024-01-05T00:00:00.000Z") {
  ObjectInfo o;
  o.key = key;
  o.last_modified = modified;
  return o;
}

TEST(AwsExportLayoutTest, FindsManifestsOfBothDeliveryModes) {
  auto refs = FindAwsExportManifests({
      Obj("p/focus/data/BILLING_PERIOD=2024-01/focus-00001.snappy.parquet"),
      Obj("p/focus/metadata/BILLING_PERIOD=2024-01/focus-Manifest.json"),
      Obj("p/focus/metadata/BILLING_PERIOD=2024-02/2024-02-03T00:00:00Z-abc/focus-Manifest.json"),
      Obj("metadata/BILLING_PERIOD=2024-03/x-Manifest.json"),
      Obj("p/focus/metadata/BILLING_PERIOD=2024-13x/focus-Manifest.json"),
      Obj("p/focus/notmetadata/BILLING_PERIOD=2024-01/focus-Manifest.json"),
  });
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[0].export_root, "p/focus");
  EXPECT_EQ(refs[0].export_name, "focus");
  EXPECT_EQ(refs[0].billing_period, "2024-01");
  EXPECT_EQ(refs[0].delivery, "");
  EXPECT_EQ(refs[1].billing_period, "2024-02");
  EXPECT_EQ(refs[1].delivery, "2024-02-03T00:00:00Z-abc");
  EXPECT_EQ(refs[2].export_root, "");
}

TEST(AwsExportLayoutTest, NewestFirstByTimeThenDeliveryFolder) {
  auto refs = FindAwsExportManifests({
      Obj("e/metadata/BILLING_PERIOD=2024-01/d1/e-Manifest.json", "2024-01-05T00:00:00.000Z"),
      Obj("e/metadata/BILLING_PERIOD=2024-01/d3/e-Manifest.json", "2024-01-04T00:00:00.000Z"),
      Obj("e/metadata/BILLING_PERIOD=2024-01/d2/e-Manifest.json", "2024-01-05T00:00:00.000Z"),
  });
  SortNewestFirst(&refs);
  EXPECT_EQ(refs[0].delivery, "d2");
  EXPECT_EQ(refs[1].delivery, "d1");
  EXPECT_EQ(refs[2].delivery, "d3");
}

TEST(AwsExportLayoutTest, ParsesManifestDataFiles) {
  auto m = ParseAwsExportManifest(
      R"({"exportName":"focus","executionId":"e-1","billingPeriod":{"start":"2024-01-01T00:00:00.000Z"},
          "dataFiles":["s3://bkt/p/focus/data/BILLING_PERIOD=2024-01/focus-00001.snappy.parquet",
                       "p/focus/data/BILLING_PERIOD=2024-01/focus-00002.snappy.parquet"]})",
      "bkt", "m.json");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->data_keys.size(), 2u);
  EXPECT_EQ(m->data_keys[0], "p/focus/data/BILLING_PERIOD=2024-01/focus-00001.snappy.parquet");
  EXPECT_EQ(m->execution_id, "e-1");
  EXPECT_EQ(m->billing_period, "2024-01");
}

TEST(AwsExportLayoutTest, ReadsTheOlderReportKeysList) {
  auto m = ParseAwsExportManifest(R"({"reportKeys":["cur/r/20240101-20240201/r-00001.csv.gz"]})", "bkt", "m.json");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->data_keys, std::vector<std::string>{"cur/r/20240101-20240201/r-00001.csv.gz"});
}

TEST(AwsExportLayoutTest, BadManifestsNameTheManifest) {
  for (const std::string& bad : {std::string("{"), std::string("[]"), std::string(R"({"x":1})"),
                                 std::string(R"({"dataFiles":["s3://other/k.parquet"]})")}) {
    auto m = ParseAwsExportManifest(bad, "bkt", "p/metadata/BILLING_PERIOD=2024-01/m.json");
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.status().code(), StatusCode::kDataLoss);
    EXPECT_NE(m.status().message().find("p/metadata/BILLING_PERIOD=2024-01/m.json"), std::string::npos);
  }
}

TEST(AwsExportLayoutTest, FileTypeFromTheName) {
  EXPECT_EQ(FileFormatOfKey("a/x-00001.snappy.parquet"), FileFormat::kParquet);
  EXPECT_EQ(FileFormatOfKey("a/x-00001.csv.gz"), FileFormat::kCsvGzip);
  EXPECT_EQ(FileFormatOfKey("a/x.CSV"), FileFormat::kCsv);
  EXPECT_EQ(FileFormatOfKey("a/x.json"), FileFormat::kAuto);
  EXPECT_EQ(FileTypeName(FileFormat::kCsvGzip), "csv_gzip");
}

}  // namespace
}  // namespace focusd
