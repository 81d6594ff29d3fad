#include "providers/azure/azure_export_layout.h"

#include <algorithm>
#include <regex>
#include <tuple>

#include "core/time.h"

namespace focusd {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string BaseName(const std::string& key) {
  size_t slash = key.rfind('/');
  return slash == std::string::npos ? key : key.substr(slash + 1);
}

std::string DirName(const std::string& key) {
  size_t slash = key.rfind('/');
  return slash == std::string::npos ? "" : key.substr(0, slash + 1);
}

}  // namespace

std::vector<ObjectInfo> FindAzureExportManifests(const std::vector<ObjectInfo>& listing) {
  std::vector<ObjectInfo> out;
  for (const auto& o : listing) {
    std::string base = BaseName(o.key);
    if (base == "manifest.json" || base == "_manifest.json") out.push_back(o);
  }
  return out;
}

Result<std::string> ExportBillingPeriod(const ExportManifest& m, const std::string& key) {
  static const std::regex kIsoDate("^(\\d{4})-(\\d{2})-\\d{2}.*");
  std::smatch match;
  if (std::regex_match(m.start_date, match, kIsoDate)) return match[1].str() + "-" + match[2].str();
  static const std::regex kRangeFolder("(?:^|/)(\\d{4})(\\d{2})\\d{2}-\\d{8}/");
  if (std::regex_search(key, match, kRangeFolder)) return match[1].str() + "-" + match[2].str();
  return Status::InvalidArgument("cannot tell the billing period of " + key +
                                 ": no runInfo.startDate and no YYYYMMDD-YYYYMMDD folder");
}

std::map<std::string, std::vector<ObjectInfo>> ManifestsByFolderPeriod(const std::vector<ObjectInfo>& manifests) {
  static const std::regex kRangeFolder("(?:^|/)(\\d{4})(\\d{2})\\d{2}-\\d{8}/");
  std::map<std::string, std::vector<ObjectInfo>> groups;
  for (const auto& m : manifests) {
    std::smatch match;
    std::string period = std::regex_search(m.key, match, kRangeFolder) ? match[1].str() + "-" + match[2].str() : "";
    groups[period].push_back(m);
  }
  for (auto& [period, list] : groups) {
    std::sort(list.begin(), list.end(), [](const ObjectInfo& a, const ObjectInfo& b) {
      return a.last_modified != b.last_modified ? a.last_modified > b.last_modified : a.key > b.key;
    });
  }
  return groups;
}

bool IsFocusCostExport(const ExportManifest& m) {
  if (m.dataset_type.empty()) return true;
  std::string t = m.dataset_type;
  std::transform(t.begin(), t.end(), t.begin(), ::tolower);
  return t.rfind("focuscost", 0) == 0;
}

std::vector<ExportRun> NewestRunPerPeriod(std::vector<ExportRun> runs) {
  auto rank = [](const ExportRun& r) {
    auto t = ParseIso8601(r.manifest.submitted_time);
    int64_t secs = t ? ToUnixSeconds(*t) : 0;
    // Whole seconds first, then the full text (fractions of a second), then storage order.
    return std::make_tuple(secs, r.manifest.submitted_time, r.manifest_object.last_modified, r.manifest_object.key);
  };
  std::map<std::string, ExportRun> newest;
  for (auto& r : runs) {
    auto it = newest.find(r.billing_period);
    if (it == newest.end() || rank(it->second) < rank(r)) newest[r.billing_period] = std::move(r);
  }
  std::vector<ExportRun> out;
  for (auto& [period, run] : newest) out.push_back(std::move(run));
  return out;
}

std::string ResolveManifestBlob(const std::string& blob_name, const std::string& manifest_key,
                                const std::string& container, const std::map<std::string, ObjectInfo>& keys) {
  std::vector<std::string> candidates = {blob_name};
  std::string trimmed = blob_name;
  while (!trimmed.empty() && trimmed.front() == '/') trimmed.erase(trimmed.begin());
  candidates.push_back(trimmed);
  if (trimmed.rfind(container + "/", 0) == 0) candidates.push_back(trimmed.substr(container.size() + 1));
  candidates.push_back(DirName(manifest_key) + BaseName(blob_name));
  for (const auto& c : candidates)
    if (keys.count(c)) return c;
  return "";
}

FileFormat ExportFileFormat(const std::string& key) {
  std::string k = key;
  std::transform(k.begin(), k.end(), k.begin(), ::tolower);
  if (EndsWith(k, ".csv.gz") || EndsWith(k, ".gz")) return FileFormat::kCsvGzip;
  if (EndsWith(k, ".csv")) return FileFormat::kCsv;
  if (EndsWith(k, ".parquet")) return FileFormat::kParquet;
  return FileFormat::kAuto;
}

}  // namespace focusd
