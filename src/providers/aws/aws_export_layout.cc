#include "providers/aws/aws_export_layout.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>

namespace focusd {

std::vector<ManifestRef> FindAwsExportManifests(const std::vector<ObjectInfo>& listing) {
  // <root>/metadata/BILLING_PERIOD=YYYY-MM/[<delivery>/]<name>Manifest.json
  static const std::regex kManifest(R"(^(?:(.*)/)?metadata/BILLING_PERIOD=(\d{4}-\d{2})/(?:(.+)/)?([^/]*Manifest\.json)$)",
                                    std::regex::icase);
  std::vector<ManifestRef> out;
  for (const ObjectInfo& obj : listing) {
    std::smatch m;
    if (!std::regex_match(obj.key, m, kManifest)) continue;
    ManifestRef ref;
    ref.object = obj;
    ref.export_root = m[1].matched ? m[1].str() : "";
    size_t slash = ref.export_root.rfind('/');
    ref.export_name = slash == std::string::npos ? ref.export_root : ref.export_root.substr(slash + 1);
    ref.billing_period = m[2].str();
    ref.delivery = m[3].matched ? m[3].str() : "";
    out.push_back(std::move(ref));
  }
  return out;
}

void SortNewestFirst(std::vector<ManifestRef>* manifests) {
  std::sort(manifests->begin(), manifests->end(), [](const ManifestRef& a, const ManifestRef& b) {
    if (a.object.last_modified != b.object.last_modified) return a.object.last_modified > b.object.last_modified;
    if (a.delivery != b.delivery) return a.delivery > b.delivery;
    return a.object.key > b.object.key;
  });
}

Result<AwsExportManifest> ParseAwsExportManifest(const std::string& json_text, const std::string& bucket,
                                                 const std::string& manifest_key) {
  AwsExportManifest out;
  try {
    auto j = nlohmann::json::parse(json_text);
    if (!j.is_object()) return Status::DataLoss("manifest " + manifest_key + " is not a JSON object");
    auto files = j.find("dataFiles");
    // "reportKeys" is the older CUR manifest's name for the same list.
    if (files == j.end()) files = j.find("reportKeys");
    if (files == j.end() || !files->is_array())
      return Status::DataLoss("manifest " + manifest_key + " has no \"dataFiles\" list");
    const std::string uri_prefix = "s3://" + bucket + "/";
    for (const auto& f : *files) {
      std::string ref;
      if (f.is_string()) {
        ref = f.get<std::string>();
      } else if (f.is_object() && f.contains("key")) {
        ref = f["key"].get<std::string>();
      } else {
        return Status::DataLoss("manifest " + manifest_key + ": an entry of \"dataFiles\" is neither a URI nor a key");
      }
      if (ref.rfind("s3://", 0) == 0) {
        if (ref.rfind(uri_prefix, 0) != 0)
          return Status::DataLoss("manifest " + manifest_key + " lists " + ref + ", outside bucket " + bucket);
        ref = ref.substr(uri_prefix.size());
      }
      out.data_keys.push_back(ref);
    }
    if (auto it = j.find("executionId"); it != j.end() && it->is_string()) out.execution_id = it->get<std::string>();
    if (auto it = j.find("billingPeriod"); it != j.end()) {
      std::string bp;
      if (it->is_string()) bp = it->get<std::string>();
      if (it->is_object() && it->contains("start") && (*it)["start"].is_string()) bp = (*it)["start"].get<std::string>();
      if (bp.size() >= 7) out.billing_period = bp.substr(0, 7);
    }
    for (const char* name : {"totalRowCount", "rowCount"})
      if (auto it = j.find(name); it != j.end() && it->is_number_integer()) out.row_count = it->get<int64_t>();
  } catch (const std::exception& e) {
    return Status::DataLoss("manifest " + manifest_key + " is not valid JSON: " + e.what());
  }
  return out;
}

FileFormat FileFormatOfKey(const std::string& key) {
  std::string k = key;
  std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return std::tolower(c); });
  if (k.ends_with(".parquet")) return FileFormat::kParquet;
  if (k.ends_with(".csv.gz") || k.ends_with(".csv.gzip")) return FileFormat::kCsvGzip;
  if (k.ends_with(".csv")) return FileFormat::kCsv;
  return FileFormat::kAuto;
}

std::string FileTypeName(FileFormat format) {
  switch (format) {
    case FileFormat::kParquet: return "parquet";
    case FileFormat::kCsvGzip: return "csv_gzip";
    case FileFormat::kCsv: return "csv";
    case FileFormat::kAuto: return "unknown";
  }
  return "unknown";
}

}  // namespace focusd
