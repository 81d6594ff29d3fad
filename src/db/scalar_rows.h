// The loop of a one-argument scalar function registered through DuckDB's C API: for each row
// of the chunk's only input column, NULL stays NULL and a value becomes f(value), itself NULL
// when f returns nullopt. Shared by focusd's SQL functions (focusd_decimal, the format checks).
#pragma once

#include <duckdb.h>

#include <optional>
#include <string_view>

namespace focusd {

// A VARCHAR cell's bytes (inlined up to 12 bytes, else behind a pointer).
inline std::string_view TextOf(const duckdb_string_t& s) {
  uint32_t len = s.value.inlined.length;
  return std::string_view(len <= 12 ? s.value.inlined.inlined : s.value.pointer.ptr, len);
}

template <typename In, typename Out, typename F>
void MapRows(duckdb_data_chunk input, duckdb_vector output, F f) {
  idx_t rows = duckdb_data_chunk_get_size(input);
  duckdb_vector in = duckdb_data_chunk_get_vector(input, 0);
  auto* values = static_cast<In*>(duckdb_vector_get_data(in));
  uint64_t* in_valid = duckdb_vector_get_validity(in);
  auto* out = static_cast<Out*>(duckdb_vector_get_data(output));
  duckdb_vector_ensure_validity_writable(output);
  uint64_t* out_valid = duckdb_vector_get_validity(output);
  for (idx_t r = 0; r < rows; ++r) {
    std::optional<Out> v;
    if (!in_valid || duckdb_validity_row_is_valid(in_valid, r)) v = f(values[r]);
    if (v) out[r] = *v;
    else duckdb_validity_set_row_invalid(out_valid, r);
  }
}

}  // namespace focusd
