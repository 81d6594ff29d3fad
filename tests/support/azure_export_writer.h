// Azure Cost Management FOCUS exports written into a test storage account (Azurite), the way
// Cost Management lays them out: <container>/focus/exports/focus-monthly/<YYYYMMDD-YYYYMMDD>/
// <run id>/part_N_0001.csv.gz, then the run's manifest.json.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "e2e/focus_files.h"
#include "support/azure_blob_writer.h"

namespace focusd::testing {

// "YYYYMMDD-YYYYMMDD" of a billing period, as Cost Management names the range folder.
std::string AzureExportRange(const std::string& period);

// Writes one export run: one gzip CSV part per entry of `parts`, then the manifest (blob
// list with sizes and row counts; `manifest_rows` >= 0 overrides the total row count).
Status WriteAzureExportRun(AzureBlobWriter& w, const std::string& container, const std::string& period,
                           const std::string& run_id, const std::string& submitted,
                           const std::vector<std::vector<Charge>>& parts, int64_t manifest_rows = -1);

}  // namespace focusd::testing
