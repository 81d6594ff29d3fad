// The manifest.json Cost Management writes with every export run, as focusd reads it.
// Based on the published examples: Microsoft's FinOps toolkit "How data is processed in
// FinOps hubs" (manifest of API 2023-07-01-preview and later: exportConfig, deliveryConfig,
// runInfo, blobs[].blobName/byteCount) and the Cost Management partitioned-export example
// (manifestVersion, blobCount, byteCount, dataRowCount, blobs[].dataRowCount). Fields that an
// older manifest lacks are left unknown (-1 / "").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace focusd {

struct ExportManifestBlob {
  std::string blob_name;   // as the manifest has it (path within the container)
  int64_t byte_count = -1;
  int64_t row_count = -1;  // dataRowCount
};

struct ExportManifest {
  std::string manifest_version;
  std::string export_name;      // exportConfig.exportName
  std::string dataset_type;     // exportConfig.type: "FocusCost"
  std::string dataset_version;  // exportConfig.dataVersion: "1.0", "1.0r2", "1.2-preview"
  std::string run_id;           // runInfo.runId
  std::string submitted_time;   // runInfo.submittedTime (ISO 8601)
  std::string start_date;       // runInfo.startDate: first day exported
  std::string end_date;
  std::string file_format;      // deliveryConfig.fileFormat: "Csv" | "Parquet"
  std::string compression;      // deliveryConfig.compressionMode: "None" | "Gzip" | "Snappy"
  std::string overwrite;        // deliveryConfig.dataOverwriteBehavior
  int64_t blob_count = -1;
  int64_t byte_count = -1;
  int64_t row_count = -1;       // dataRowCount of the whole run
  std::vector<ExportManifestBlob> blobs;
};

// Parses manifest text; `name` (the manifest's key) is used in errors. A manifest that is not
// JSON, or has no "blobs" array, is kDataLoss naming it.
Result<ExportManifest> ParseExportManifest(const std::string& text, const std::string& name);

}  // namespace focusd
