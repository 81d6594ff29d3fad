#include "providers/azure/azure_export_manifest.h"

#include <nlohmann/json.hpp>

namespace focusd {
namespace {

std::string Str(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_string()) return "";
  return obj[key].get<std::string>();
}

int64_t Int(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key)) return -1;
  const auto& v = obj[key];
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_unsigned()) return static_cast<int64_t>(v.get<uint64_t>());
  return -1;
}

}  // namespace

Result<ExportManifest> ParseExportManifest(const std::string& text, const std::string& name) {
  nlohmann::json j;
  try {
    // Some writers start the file with a UTF-8 byte order mark.
    j = nlohmann::json::parse(text.rfind("\xEF\xBB\xBF", 0) == 0 ? text.substr(3) : text);
  } catch (const std::exception& e) {
    return Status::DataLoss(name + " is not valid JSON");
  }
  if (!j.is_object() || !j.contains("blobs") || !j["blobs"].is_array())
    return Status::DataLoss(name + " is not a Cost Management export manifest (no \"blobs\" list)");
  ExportManifest m;
  m.manifest_version = Str(j, "manifestVersion");
  m.blob_count = Int(j, "blobCount");
  m.byte_count = Int(j, "byteCount");
  m.row_count = Int(j, "dataRowCount");
  nlohmann::json empty = nlohmann::json::object();
  const auto& config = j.contains("exportConfig") ? j["exportConfig"] : empty;
  m.export_name = Str(config, "exportName");
  m.dataset_type = Str(config, "type");
  m.dataset_version = Str(config, "dataVersion");
  const auto& delivery = j.contains("deliveryConfig") ? j["deliveryConfig"] : empty;
  m.file_format = Str(delivery, "fileFormat");
  m.compression = Str(delivery, "compressionMode");
  m.overwrite = Str(delivery, "dataOverwriteBehavior");
  const auto& run = j.contains("runInfo") ? j["runInfo"] : empty;
  m.run_id = Str(run, "runId");
  m.submitted_time = Str(run, "submittedTime");
  m.start_date = Str(run, "startDate");
  m.end_date = Str(run, "endDate");
  for (const auto& b : j["blobs"]) {
    ExportManifestBlob blob;
    blob.blob_name = Str(b, "blobName");
    if (blob.blob_name.empty()) return Status::DataLoss(name + " lists a blob without blobName");
    blob.byte_count = Int(b, "byteCount");
    blob.row_count = Int(b, "dataRowCount");
    m.blobs.push_back(std::move(blob));
  }
  return m;
}

}  // namespace focusd
