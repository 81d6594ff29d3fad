// Which FOCUS version a file is, from its column names alone (FOCUS metadata, where a file
// carries it, is checked by the caller against this). Each version adds columns, so the newest
// column present decides; pre-1.0 files are recognized by the names 1.0 renamed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "focus/focus_version.h"

namespace focusd {

struct VersionDetection {
  FocusVersion version = FocusVersion::k10;
  std::string evidence;   // the column that decided, e.g. "InvoiceId (added in 1.2)"
};

VersionDetection DetectVersion(const std::vector<std::string>& columns);

// The canonical name a pre-1.0 column was renamed to (ChargeType -> ChargeCategory,
// AmortizedCost -> EffectiveCost, UsageQuantity -> ConsumedQuantity, UsageUnit -> ConsumedUnit,
// Region -> RegionId), or nullopt.
std::optional<std::string_view> LegacyRename(std::string_view column);

// Required import columns (canonical_schema.h) that `columns` lacks, counting a legacy name as
// its successor. Empty means the file can be imported.
std::vector<std::string> MissingRequiredColumns(const std::vector<std::string>& columns);

// OK when a file detected as `detected` may be read as `declared`: it must not carry columns
// newer than the declared version, and pre-1.0 and 1.x names do not mix.
Status CheckDeclaredVersion(FocusVersion declared, const VersionDetection& detected,
                            const std::string& file);

}  // namespace focusd
