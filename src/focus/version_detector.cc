#include "focus/version_detector.h"

#include <strings.h>

#include "focus/canonical_schema.h"

namespace focusd {
namespace {

bool Has(const std::vector<std::string>& columns, std::string_view name) {
  for (const auto& c : columns)
    if (c.size() == name.size() && strncasecmp(c.data(), name.data(), c.size()) == 0) return true;
  return false;
}

struct Rename {
  std::string_view legacy, canonical;
};
constexpr Rename kRenames[] = {{"ChargeType", "ChargeCategory"},
                               {"AmortizedCost", "EffectiveCost"},
                               {"UsageQuantity", "ConsumedQuantity"},
                               {"UsageUnit", "ConsumedUnit"},
                               {"Region", "RegionId"}};

int Rank(FocusVersion v) { return static_cast<int>(v); }

}  // namespace

std::optional<std::string_view> LegacyRename(std::string_view column) {
  for (const auto& r : kRenames)
    if (column.size() == r.legacy.size() &&
        strncasecmp(column.data(), r.legacy.data(), column.size()) == 0)
      return r.canonical;
  return std::nullopt;
}

VersionDetection DetectVersion(const std::vector<std::string>& columns) {
  // A legacy name only marks a pre-1.0 file when its successor is absent: OCI's 1.0 reports
  // still carry UsageQuantity/UsageUnit beside ConsumedQuantity/ConsumedUnit.
  for (const auto& r : kRenames)
    if (Has(columns, r.legacy) && !Has(columns, r.canonical))
      return {FocusVersion::kPre10, std::string(r.legacy) + " (renamed to " +
                                        std::string(r.canonical) + " in 1.0)"};
  if (Has(columns, "ChargeSubcategory") && !Has(columns, "ChargeClass"))
    return {FocusVersion::kPre10, "ChargeSubcategory (removed in 1.0)"};
  VersionDetection best{FocusVersion::k10, "no column newer than 1.0"};
  for (const auto& c : columns) {
    const CanonicalColumn* col = FindCanonicalColumn(c);
    if (col && Rank(col->since) > Rank(best.version))
      best = {col->since, std::string(col->name) + " (added in " + FocusVersionName(col->since) + ")"};
  }
  return best;
}

std::vector<std::string> MissingRequiredColumns(const std::vector<std::string>& columns) {
  std::vector<std::string> missing;
  for (std::string_view req : ImportRequiredColumns()) {
    bool found = Has(columns, req);
    for (const auto& r : kRenames)
      if (!found && r.canonical == req && Has(columns, r.legacy)) found = true;
    if (!found) missing.emplace_back(req);
  }
  return missing;
}

Status CheckDeclaredVersion(FocusVersion declared, const VersionDetection& detected,
                            const std::string& file) {
  bool pre_declared = declared == FocusVersion::kPre10;
  bool pre_detected = detected.version == FocusVersion::kPre10;
  if (pre_declared != pre_detected || Rank(detected.version) > Rank(declared))
    return Status::InvalidArgument(file + ": declared FOCUS " + FocusVersionName(declared) +
                                       " but the file is FOCUS " +
                                       FocusVersionName(detected.version) + ": it has " +
                                       detected.evidence,
                                   file);
  return Status::Ok();
}

}  // namespace focusd
