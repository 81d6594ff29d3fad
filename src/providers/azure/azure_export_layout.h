// Where Cost Management puts a FOCUS export, and which run of it counts:
//   <container>/<folder>/<export-name>/<YYYYMMDD-YYYYMMDD>/<run-id>/part_*.csv.gz|.parquet
//                                                           /<run-id>/manifest.json
// and, with "overwrite previous report", the same without the run folder. Each run writes a
// manifest.json last; a run is taken by its manifest, and the newest run of a billing period
// (by runInfo.submittedTime, then the manifest's Last-Modified) is the one to load, so a
// restated month replaces the earlier one.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "focus/staging.h"
#include "providers/azure/azure_export_manifest.h"
#include "storage/object_store.h"

namespace focusd {

struct ExportRun {
  ObjectInfo manifest_object;
  ExportManifest manifest;
  std::string billing_period;  // "YYYY-MM"
};

// The manifests of a listing: keys whose last segment is manifest.json (or _manifest.json).
std::vector<ObjectInfo> FindAzureExportManifests(const std::vector<ObjectInfo>& listing);

// "YYYY-MM" from the manifest's runInfo.startDate, else from the YYYYMMDD-YYYYMMDD folder of
// its key. InvalidArgument naming the key when neither says.
Result<std::string> ExportBillingPeriod(const ExportManifest& manifest, const std::string& manifest_key);

// Manifests grouped by the billing period of their YYYYMMDD-YYYYMMDD folder ("" for keys
// without one), newest-written first in each group. Discover reads only the first few of each
// group: a folder of daily runs holds hundreds of manifests, and the newest run is among the
// last written.
std::map<std::string, std::vector<ObjectInfo>> ManifestsByFolderPeriod(const std::vector<ObjectInfo>& manifests);

// True when the manifest is of a FOCUS cost dataset (or does not say which dataset it is).
bool IsFocusCostExport(const ExportManifest& manifest);

// The newest run of each billing period, ordered by period.
std::vector<ExportRun> NewestRunPerPeriod(std::vector<ExportRun> runs);

// The key a manifest's blobName refers to, among `keys`: as written, without a leading '/',
// without a leading "<container>/", or the file name inside the manifest's folder. ""
// when none exists.
std::string ResolveManifestBlob(const std::string& blob_name, const std::string& manifest_key,
                                const std::string& container, const std::map<std::string, ObjectInfo>& keys);

// kCsvGzip for .csv.gz / .gz, kCsv for .csv, kParquet for .parquet, else kAuto.
FileFormat ExportFileFormat(const std::string& key);

}  // namespace focusd
