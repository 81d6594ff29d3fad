// The validator's text-shape checks as DuckDB scalar functions (VARCHAR -> BOOLEAN, NULL for
// NULL): each accepts exactly what its regular expression (format_checks.cc) fully matches,
// in a few nanoseconds per value where RE2 takes tens. A CSV import checks a dozen number
// columns and four date/time columns on every row, so this is a sixth of its validation.
//
//   focusd_numeric_format(s)   -?([0-9]+(\.[0-9]+)?|\.[0-9]+)([eE]-?[0-9]+)?
//   focusd_datetime_format(s)  [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z
//   focusd_datetime_like(s)    [0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?
//                              (Z|[+-][0-9]{2}(:?[0-9]{2})?)?
#pragma once

#include <string_view>

#include "core/status.h"
#include "db/duckdb.h"

namespace focusd {

bool IsNumericFormat(std::string_view s);
bool IsDateTimeFormat(std::string_view s);
bool IsDateTimeLike(std::string_view s);

// Registers the three functions in `conn`'s database (repeated calls are no-ops).
Status RegisterFormatFunctions(DuckConnection& conn);

}  // namespace focusd
