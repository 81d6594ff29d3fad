// focusd_decimal(VARCHAR) -> DECIMAL(38,18): ParseDecimal18 (decimal_text.h) as a DuckDB
// scalar function, NULL where the text is not a number. Used by the normalizer in place of
// TRY_CAST(... AS DECIMAL(38,18)), which is exact but an order of magnitude slower.
// focusd_decimal(DOUBLE): the same for a double's shortest round-trip text (its VARCHAR cast).
#pragma once

#include "core/status.h"
#include "db/duckdb.h"

namespace focusd {

inline constexpr const char* kDecimalFunction = "focusd_decimal";

// Registers the function in `conn`'s database (once per database; repeated calls are no-ops).
Status RegisterDecimalFunction(DuckConnection& conn);

}  // namespace focusd
