// Exact text -> fixed-point parsing for money, quantities and prices: the value as an integer
// count of 1e-18 units, i.e. the representation of DuckDB's DECIMAL(38,18).
//
// Why our own: DuckDB casts VARCHAR to DECIMAL(38,18) exactly but slowly (its 128-bit path
// costs microseconds per value; a 10M-row file has 120M decimal cells). This parser is exact
// too, never goes through binary floating point, and runs in tens of nanoseconds.
#pragma once

#include <optional>
#include <string_view>

namespace focusd {

using Int128 = __int128;

// Accepts optional surrounding ASCII whitespace, an optional sign, digits with at most one
// '.', and an optional exponent ("1.5E-3", "2e+2"). More than 18 fractional digits round half
// away from zero (as DuckDB's cast does). Returns nullopt for anything else and for values
// whose magnitude reaches 1e20 (DECIMAL(38,18)'s range).
std::optional<Int128> ParseDecimal18(std::string_view text);

}  // namespace focusd
