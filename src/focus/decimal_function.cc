#include "focus/decimal_function.h"

#include <duckdb.h>

#include <charconv>
#include <optional>
#include <string_view>

#include "db/scalar_rows.h"
#include "focus/decimal_text.h"

namespace focusd {
namespace {

// Writes read(value) (an exact decimal at scale 18, or nullopt for NULL) for every row.
template <typename In, typename Read>
void WriteDecimals(duckdb_data_chunk input, duckdb_vector output, Read read) {
  MapRows<In, duckdb_hugeint>(input, output, [&](const In& value) -> std::optional<duckdb_hugeint> {
    std::optional<Int128> v = read(value);
    if (!v) return std::nullopt;
    unsigned __int128 u = static_cast<unsigned __int128>(*v);
    return duckdb_hugeint{static_cast<uint64_t>(u), static_cast<int64_t>(static_cast<uint64_t>(u >> 64))};
  });
}

void ParseDecimalVector(duckdb_function_info, duckdb_data_chunk input, duckdb_vector output) {
  WriteDecimals<duckdb_string_t>(input, output, [](const duckdb_string_t& s) { return ParseDecimal18(TextOf(s)); });
}

// A double's exact decimal is that of its shortest round-trip digits, which is the text
// DuckDB's cast to VARCHAR writes: focusd_decimal(x) = focusd_decimal(CAST(x AS VARCHAR)),
// without building the string in DuckDB. Non-finite values and |x| >= 1e20 give NULL.
void DoubleDecimalVector(duckdb_function_info, duckdb_data_chunk input, duckdb_vector output) {
  WriteDecimals<double>(input, output, [](double x) -> std::optional<Int128> {
    char buf[64];
    // Scientific: the shortest digits only (plain notation writes a large double's exact
    // integer, 93487744819428192 where the shortest form is 9.34877448194282e+16).
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    if (ec != std::errc()) return std::nullopt;
    return ParseDecimal18(std::string_view(buf, end - buf));
  });
}

duckdb_scalar_function DecimalOverload(duckdb_type from, duckdb_scalar_function_t body) {
  duckdb_scalar_function f = duckdb_create_scalar_function();
  duckdb_scalar_function_set_name(f, kDecimalFunction);
  duckdb_logical_type in = duckdb_create_logical_type(from);
  duckdb_logical_type decimal = duckdb_create_decimal_type(38, 18);
  duckdb_scalar_function_add_parameter(f, in);
  duckdb_scalar_function_set_return_type(f, decimal);
  duckdb_scalar_function_set_function(f, body);
  duckdb_destroy_logical_type(&in);
  duckdb_destroy_logical_type(&decimal);
  return f;
}

}  // namespace

Status RegisterDecimalFunction(DuckConnection& conn) {
  auto exists = conn.Query("SELECT count(*) FROM duckdb_functions() WHERE function_name = ?",
                           {std::string(kDecimalFunction)});
  if (exists.ok() && exists->Int(0, 0) > 0) return Status::Ok();
  duckdb_scalar_function_set set = duckdb_create_scalar_function_set(kDecimalFunction);
  duckdb_scalar_function text = DecimalOverload(DUCKDB_TYPE_VARCHAR, ParseDecimalVector);
  duckdb_scalar_function dbl = DecimalOverload(DUCKDB_TYPE_DOUBLE, DoubleDecimalVector);
  duckdb_state st = duckdb_add_scalar_function_to_set(set, text);
  if (st != DuckDBError) st = duckdb_add_scalar_function_to_set(set, dbl);
  if (st != DuckDBError) st = duckdb_register_scalar_function_set(conn.raw(), set);
  duckdb_destroy_scalar_function(&text);
  duckdb_destroy_scalar_function(&dbl);
  duckdb_destroy_scalar_function_set(&set);
  if (st == DuckDBError) return Status::Internal("cannot register the focusd_decimal function");
  return Status::Ok();
}

}  // namespace focusd
