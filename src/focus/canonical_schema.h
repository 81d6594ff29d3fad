// The canonical schema every FOCUS file is stored in: the FOCUS 1.3 Cost and Usage columns
// (a superset of 1.0-1.2), with SQL types chosen so money is never binary floating point.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "focus/focus_version.h"

namespace focusd {

enum class ColumnKind { kString, kDecimal, kTimestamp, kJson };

struct CanonicalColumn {
  std::string_view name;
  ColumnKind kind;
  FocusVersion since;                         // first version that has the column
  std::vector<std::string_view> allowed_values;  // canonical enum spelling; empty if free text
};

// The 65 columns of FOCUS 1.3, in the order of the specification's tables.
const std::vector<CanonicalColumn>& CanonicalColumns();
// Case-insensitive lookup (DuckDB identifiers are case-insensitive, and real files misspell
// case, e.g. "SkuPriceid"); nullptr if `name` is not a FOCUS column.
const CanonicalColumn* FindCanonicalColumn(std::string_view name);

// DuckDB type of a kind. Money, quantities and prices are DECIMAL(38,18): FOCUS costs carry up
// to 18 fractional digits, which leaves 20 integer digits (1e20) per value; sums are checked
// against that bound (see duckdb_warehouse.cc). Timestamps are TIMESTAMP holding UTC. JSON
// columns (Tags, SkuPriceDetails, ...) are kept as their JSON text.
const char* DuckDbType(ColumnKind kind);
inline constexpr const char* kMoneyType = "DECIMAL(38,18)";

// Provider extension columns ("x_*", and OCI's "oci_*") and any other non-FOCUS column are
// stored together in one JSON-object column, so the table's schema does not change with every
// provider's export and the values stay queryable: x_extensions->>'x_ServiceCode'.
inline constexpr const char* kExtensionsColumn = "x_extensions";
bool IsProviderExtension(std::string_view column);

// Columns without which rows cannot be stored or totalled: a file lacking any of them is not
// FOCUS cost data. (Other mandatory columns missing are reported by the validator.)
const std::vector<std::string_view>& ImportRequiredColumns();

}  // namespace focusd
