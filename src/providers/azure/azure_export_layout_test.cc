#include "providers/azure/azure_export_layout.h"

#include <gtest/gtest.h>

namespace focusd {
namespace {

// Shape of a FocusCost export manifest (see azure_export_manifest.h for the sources).
const char* kManifest = R"({
  "manifestVersion": "2024-04-01",
  "byteCount": 300,
  "blobCount": 2,
  "dataRowCount": 7,
  "exportConfig": {
    "exportName": "focus-daily",
    "resourceId": "/subscriptions/0000/providers/Microsoft.CostManagement/exports/focus-daily",
    "dataVersion": "1.0r2",
    "apiVersion": "2023-07-01-preview",
    "type": "FocusCost",
    "timeFrame": "MonthToDate",
    "granularity": "Daily"
  },
  "deliveryConfig": {
    "partitionData": true,
    "dataOverwriteBehavior": "CreateNewReport",
    "fileFormat": "Csv",
    "compressionMode": "Gzip",
    "containerUri": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
    "rootFolderPath": "focus"
  },
  "runInfo": {
    "executionType": "Scheduled",
    "submittedTime": "2024-02-03T18:33:03.1032074Z",
    "runId": "af754a8e-30fc-4ef3-bfc6-71bd1efb8598",
    "startDate": "2024-01-01T00:00:00",
    "endDate": "2024-01-31T00:00:00"
  },
  "blobs": [
    {"blobName": "focus/focus-daily/20240101-20240131/af754a8e-30fc-4ef3-bfc6-71bd1efb8598/part_0_0001.csv.gz",
     "byteCount": 100, "dataRowCount": 3},
    {"blobName": "focus/focus-daily/20240101-20240131/af754a8e-30fc-4ef3-bfc6-71bd1efb8598/part_1_0001.csv.gz",
     "byteCount": 200, "dataRowCount": 4}
  ]
})";

TEST(AzureExportManifestTest, ParsesTheCostManagementManifest) {
  auto m = ParseExportManifest(kManifest, "m.json");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->export_name, "focus-daily");
  EXPECT_EQ(m->dataset_type, "FocusCost");
  EXPECT_EQ(m->dataset_version, "1.0r2");
  EXPECT_EQ(m->run_id, "af754a8e-30fc-4ef3-bfc6-71bd1efb8598");
  EXPECT_EQ(m->compression, "Gzip");
  EXPECT_EQ(m->blob_count, 2);
  EXPECT_EQ(m->row_count, 7);
  ASSERT_EQ(m->blobs.size(), 2u);
  EXPECT_EQ(m->blobs[1].byte_count, 200);
  EXPECT_EQ(m->blobs[1].row_count, 4);
  EXPECT_EQ(*ExportBillingPeriod(*m, "x"), "2024-01");
  EXPECT_TRUE(IsFocusCostExport(*m));
}

TEST(AzureExportManifestTest, BrokenManifestsAreDataLossNamingTheFile) {
  auto a = ParseExportManifest("{\"blobs\": [", "focus/x/manifest.json");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(a.status().message().find("focus/x/manifest.json"), std::string::npos);
  EXPECT_FALSE(ParseExportManifest("{\"exportConfig\": {}}", "m").ok());
  EXPECT_FALSE(ParseExportManifest("{\"blobs\": [{\"byteCount\": 1}]}", "m").ok());
}

TEST(AzureExportLayoutTest, PeriodFallsBackToTheDateRangeFolder) {
  ExportManifest m;  // an older manifest without runInfo
  EXPECT_EQ(*ExportBillingPeriod(m, "focus/exp/20231201-20231231/run/manifest.json"), "2023-12");
  EXPECT_EQ(*ExportBillingPeriod(m, "focus/exp/20231201-20231231/manifest.json"), "2023-12");  // overwrite mode
  EXPECT_FALSE(ExportBillingPeriod(m, "focus/exp/manifest.json").ok());
  m.dataset_type = "ActualCost";
  EXPECT_FALSE(IsFocusCostExport(m));
}

ExportRun MakeRun(const std::string& period, const std::string& submitted, const std::string& key,
              const std::string& modified = "2024-01-01T00:00:00Z") {
  ExportRun r;
  r.billing_period = period;
  r.manifest.submitted_time = submitted;
  r.manifest_object.key = key;
  r.manifest_object.last_modified = modified;
  return r;
}

TEST(AzureExportLayoutTest, NewestRunOfEachPeriodWins) {
  auto newest = NewestRunPerPeriod({
      MakeRun("2024-02", "2024-03-02T06:00:00Z", "feb/r2"),
      MakeRun("2024-01", "2024-02-03T18:33:03.1Z", "jan/r1"),
      MakeRun("2024-01", "2024-03-05T01:00:00.5Z", "jan/r3-restated"),
      MakeRun("2024-01", "2024-02-04T18:33:03Z", "jan/r2"),
      MakeRun("2024-02", "2024-03-01T06:00:00Z", "feb/r1"),
  });
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].billing_period, "2024-01");
  EXPECT_EQ(newest[0].manifest_object.key, "jan/r3-restated");
  EXPECT_EQ(newest[1].manifest_object.key, "feb/r2");
  // Same second: the fraction decides; no submitted time at all: the manifest's write time.
  newest = NewestRunPerPeriod({MakeRun("2024-01", "2024-02-03T18:33:03.9Z", "a"), MakeRun("2024-01", "2024-02-03T18:33:03.1Z", "b")});
  EXPECT_EQ(newest[0].manifest_object.key, "a");
  newest = NewestRunPerPeriod({MakeRun("2024-01", "", "old", "2024-02-01T00:00:00Z"), MakeRun("2024-01", "", "new", "2024-02-02T00:00:00Z")});
  EXPECT_EQ(newest[0].manifest_object.key, "new");
}

TEST(AzureExportLayoutTest, ManifestBlobNamesResolveToListedKeys) {
  std::map<std::string, ObjectInfo> keys;
  for (std::string k : {"focus/exp/20240101-20240131/run/part_0.csv.gz", "focus/exp/20240101-20240131/run/manifest.json"})
    keys[k] = ObjectInfo{k, 1, "", ""};
  const std::string manifest = "focus/exp/20240101-20240131/run/manifest.json";
  EXPECT_EQ(ResolveManifestBlob("focus/exp/20240101-20240131/run/part_0.csv.gz", manifest, "billing", keys),
            "focus/exp/20240101-20240131/run/part_0.csv.gz");
  EXPECT_EQ(ResolveManifestBlob("/billing/focus/exp/20240101-20240131/run/part_0.csv.gz", manifest, "billing", keys),
            "focus/exp/20240101-20240131/run/part_0.csv.gz");
  EXPECT_EQ(ResolveManifestBlob("part_0.csv.gz", manifest, "billing", keys), "focus/exp/20240101-20240131/run/part_0.csv.gz");
  EXPECT_EQ(ResolveManifestBlob("part_9.csv.gz", manifest, "billing", keys), "");
}

TEST(AzureExportLayoutTest, FindsManifestsAndFormats) {
  std::vector<ObjectInfo> listing = {{"f/e/20240101-20240131/r/manifest.json", 1, "", ""},
                                     {"f/e/20240101-20240131/r/part_0.parquet", 1, "", ""},
                                     {"f/e/20240201-20240229/_manifest.json", 1, "", ""},
                                     {"f/e/notamanifest.json", 1, "", ""}};
  auto manifests = FindAzureExportManifests(listing);
  ASSERT_EQ(manifests.size(), 2u);
  EXPECT_EQ(ExportFileFormat("a/part_0_0001.csv.gz"), FileFormat::kCsvGzip);
  EXPECT_EQ(ExportFileFormat("a/part_0_0001.CSV"), FileFormat::kCsv);
  EXPECT_EQ(ExportFileFormat("a/part_0_0001.snappy.parquet"), FileFormat::kParquet);
}

}  // namespace
}  // namespace focusd

namespace focusd {
namespace {

TEST(AzureExportLayoutTest, ManifestsGroupByPeriodFolderNewestWrittenFirst) {
  std::vector<ObjectInfo> manifests = {
      {"f/e/20240101-20240131/r1/manifest.json", 1, "", "2024-01-02T06:00:00Z"},
      {"f/e/20240101-20240131/r3/manifest.json", 1, "", "2024-01-04T06:00:00Z"},
      {"f/e/20240201-20240229/r1/manifest.json", 1, "", "2024-02-02T06:00:00Z"},
      {"f/e/20240101-20240131/r2/manifest.json", 1, "", "2024-01-03T06:00:00Z"},
      {"f/e/manifest.json", 1, "", "2024-01-01T00:00:00Z"}};
  auto groups = ManifestsByFolderPeriod(manifests);
  ASSERT_EQ(groups.size(), 3u);
  ASSERT_EQ(groups["2024-01"].size(), 3u);
  EXPECT_EQ(groups["2024-01"][0].key, "f/e/20240101-20240131/r3/manifest.json");
  EXPECT_EQ(groups["2024-01"][2].key, "f/e/20240101-20240131/r1/manifest.json");
  EXPECT_EQ(groups["2024-02"].size(), 1u);
  EXPECT_EQ(groups[""].size(), 1u);
}

}  // namespace
}  // namespace focusd
