// The S3 layout of an AWS Data Exports (FOCUS / CUR 2.0) export, as AWS documents it in
// "Understanding export delivery" (AWS Data Exports user guide):
//   data:      <prefix>/<export-name>/data/BILLING_PERIOD=YYYY-MM/...
//   manifest:  <prefix>/<export-name>/metadata/BILLING_PERIOD=YYYY-MM/<export-name>-Manifest.json
// With "overwrite existing export" each refresh replaces the files and the one manifest; with
// "create new export file" each delivery gets its own folder under the period (in data/ and
// in metadata/), so a period has one manifest per delivery and the newest one is current.
// The manifest is JSON; what we rely on is its list of data files ("dataFiles": S3 URIs or
// keys; "reportKeys" of the older CUR manifests is read the same way). A delivery is
// complete when its manifest exists and every file it lists is there. The paths are from
// AWS's guide; the manifest's field names are not in a published schema we could find, so
// the parser is lenient about everything except the file list.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "focus/staging.h"
#include "storage/object_store.h"

namespace focusd {

// A manifest object found in a listing, with what its key says.
struct ManifestRef {
  ObjectInfo object;
  std::string export_root;     // "<prefix>/<export-name>" (no trailing slash)
  std::string export_name;
  std::string billing_period;  // "YYYY-MM"
  std::string delivery;        // the delivery folder ("" in overwrite mode)
};

struct AwsExportManifest {
  std::vector<std::string> data_keys;  // object keys within the bucket, in manifest order
  std::string execution_id;            // when the manifest names it
  std::string billing_period;          // when the manifest names it ("YYYY-MM")
  int64_t row_count = -1;              // when the manifest says
};

// Every Data Exports manifest in `listing`, grouped by nothing: callers group by period.
std::vector<ManifestRef> FindAwsExportManifests(const std::vector<ObjectInfo>& listing);

// Newest first: by LastModified, then by delivery folder (folders are named by time), then key.
void SortNewestFirst(std::vector<ManifestRef>* manifests);

// Parses a manifest's JSON. `bucket` turns "s3://bucket/key" URIs into keys; a URI naming a
// different bucket is an error (naming the manifest).
Result<AwsExportManifest> ParseAwsExportManifest(const std::string& json_text, const std::string& bucket,
                                                 const std::string& manifest_key);

// By the file name: ".parquet" -> kParquet, ".csv.gz" -> kCsvGzip, ".csv" -> kCsv, else kAuto.
FileFormat FileFormatOfKey(const std::string& key);
// "parquet", "csv_gzip", "csv", "unknown": the connector's file_type values.
std::string FileTypeName(FileFormat format);

}  // namespace focusd
