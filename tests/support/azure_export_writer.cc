#include "support/azure_export_writer.h"

#include <nlohmann/json.hpp>

#include "support/gzip.h"

namespace focusd::testing {

std::string AzureExportRange(const std::string& period) {
  std::string ym = period.substr(0, 4) + period.substr(5, 2);
  return ym + "01-" + ym + "28";
}

// Writes one export run the way Cost Management does: the part files, then the manifest
// (blob list with sizes and row counts). `manifest_rows` overrides the total row count.
Status WriteAzureExportRun(AzureBlobWriter& w, const std::string& container, const std::string& period,
                           const std::string& run_id, const std::string& submitted,
                           const std::vector<std::vector<Charge>>& parts, int64_t manifest_rows) {
  std::string dir = "focus/exports/focus-monthly/" + AzureExportRange(period) + "/" + run_id + "/";
  nlohmann::json blobs = nlohmann::json::array();
  int64_t bytes = 0, rows = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string name = dir + "part_" + std::to_string(i) + "_0001.csv.gz";
    std::string content = Gzip(FocusCsv("Microsoft", parts[i]));
    RETURN_IF_ERROR(w.Put(container, name, content));
    blobs.push_back({{"blobName", name}, {"byteCount", content.size()}, {"dataRowCount", parts[i].size()}});
    bytes += static_cast<int64_t>(content.size());
    rows += static_cast<int64_t>(parts[i].size());
  }
  nlohmann::json manifest = {
      {"manifestVersion", "2024-04-01"}, {"byteCount", bytes}, {"blobCount", parts.size()},
      {"dataRowCount", manifest_rows >= 0 ? manifest_rows : rows},
      {"exportConfig", {{"exportName", "focus-monthly"}, {"dataVersion", "1.0r2"}, {"apiVersion", "2023-07-01-preview"},
                        {"type", "FocusCost"}, {"timeFrame", "MonthToDate"}, {"granularity", "Daily"}}},
      {"deliveryConfig", {{"partitionData", true}, {"dataOverwriteBehavior", "CreateNewReport"},
                          {"fileFormat", "Csv"}, {"compressionMode", "Gzip"}, {"rootFolderPath", "focus/exports"}}},
      {"runInfo", {{"executionType", "Scheduled"}, {"submittedTime", submitted}, {"runId", run_id},
                   {"startDate", period + "-01T00:00:00"}, {"endDate", period + "-28T00:00:00"}}},
      {"blobs", blobs}};
  return w.Put(container, dir + "manifest.json", manifest.dump(2));
}

}  // namespace focusd::testing
