// The FOCUS column catalogue (columns-by-version.json, from the spec's column tables) and
// the rules it yields for 1.0 and 1.1, which have no Requirements Model: presence of
// mandatory columns, type, nullability, allowed values and value formats.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "focus/focus_version.h"
#include "focus/rule_compiler.h"

namespace focusd {

struct CatalogColumn {
  std::string id;             // "BilledCost"
  std::string data_type;      // String, Decimal, Date/Time, JSON
  std::string feature_level;  // Mandatory, Conditional, Recommended, Optional
  std::string value_format;   // "Numeric Format", "Unit Format", "Allowed values", ...
  bool allows_nulls = true;
  std::vector<std::string> allowed_values;  // empty when the column is free text
};

// The Cost and Usage columns of `version` (pre-1.0 reads the 1.0-preview table).
Result<std::vector<CatalogColumn>> CatalogColumns(FocusVersion version);

// Rules for a 1.0 / 1.1 file with `columns`. Rule ids are "focusd-<Column>-<Check>" (e.g.
// "focusd-BilledCost-Nullability") since these versions have no model ids.
// `typed`: the columns the staged table keeps typed (rule_compiler.h).
Result<std::vector<CompiledRule>> CompileCatalogRules(FocusVersion version,
                                                      const std::vector<std::string>& columns,
                                                      const TypedColumns& typed = {});

}  // namespace focusd
