#include "focus/decimal_function.h"

#include <duckdb.h>

#include "focus/decimal_text.h"

namespace focusd {
namespace {

void ParseDecimalVector(duckdb_function_info, duckdb_data_chunk input, duckdb_vector output) {
  idx_t rows = duckdb_data_chunk_get_size(input);
  duckdb_vector in = duckdb_data_chunk_get_vector(input, 0);
  auto* strings = static_cast<duckdb_string_t*>(duckdb_vector_get_data(in));
  uint64_t* in_valid = duckdb_vector_get_validity(in);
  auto* out = static_cast<duckdb_hugeint*>(duckdb_vector_get_data(output));
  duckdb_vector_ensure_validity_writable(output);
  uint64_t* out_valid = duckdb_vector_get_validity(output);
  for (idx_t r = 0; r < rows; ++r) {
    if (in_valid && !duckdb_validity_row_is_valid(in_valid, r)) {
      duckdb_validity_set_row_invalid(out_valid, r);
      continue;
    }
    duckdb_string_t& s = strings[r];
    uint32_t len = s.value.inlined.length;
    const char* data = len <= 12 ? s.value.inlined.inlined : s.value.pointer.ptr;
    auto v = ParseDecimal18(std::string_view(data, len));
    if (!v) {
      duckdb_validity_set_row_invalid(out_valid, r);
      continue;
    }
    unsigned __int128 u = static_cast<unsigned __int128>(*v);
    out[r].lower = static_cast<uint64_t>(u);
    out[r].upper = static_cast<int64_t>(static_cast<uint64_t>(u >> 64));
  }
}

}  // namespace

Status RegisterDecimalFunction(DuckConnection& conn) {
  auto exists = conn.Query("SELECT count(*) FROM duckdb_functions() WHERE function_name = ?",
                           {std::string(kDecimalFunction)});
  if (exists.ok() && exists->Int(0, 0) > 0) return Status::Ok();
  duckdb_scalar_function f = duckdb_create_scalar_function();
  duckdb_scalar_function_set_name(f, kDecimalFunction);
  duckdb_logical_type varchar = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
  duckdb_logical_type decimal = duckdb_create_decimal_type(38, 18);
  duckdb_scalar_function_add_parameter(f, varchar);
  duckdb_scalar_function_set_return_type(f, decimal);
  duckdb_scalar_function_set_function(f, ParseDecimalVector);
  duckdb_state st = duckdb_register_scalar_function(conn.raw(), f);
  duckdb_destroy_logical_type(&varchar);
  duckdb_destroy_logical_type(&decimal);
  duckdb_destroy_scalar_function(&f);
  if (st == DuckDBError) return Status::Internal("cannot register the focusd_decimal function");
  return Status::Ok();
}

}  // namespace focusd
