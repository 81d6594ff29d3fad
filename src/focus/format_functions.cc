#include "focus/format_functions.h"

#include <duckdb.h>

#include "db/scalar_rows.h"

namespace focusd {
namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }

// Advances `i` past a run of digits; true when there was at least one.
bool Digits(std::string_view s, size_t& i) {
  size_t start = i;
  while (i < s.size() && Digit(s[i])) ++i;
  return i > start;
}

// Exactly `n` digits at `i`.
bool FixedDigits(std::string_view s, size_t& i, size_t n) {
  if (i + n > s.size()) return false;
  for (size_t k = 0; k < n; ++k)
    if (!Digit(s[i + k])) return false;
  i += n;
  return true;
}

bool Char(std::string_view s, size_t& i, char c) {
  if (i >= s.size() || s[i] != c) return false;
  ++i;
  return true;
}

// "YYYY-MM-DD" at the start.
bool Date(std::string_view s, size_t& i) {
  return FixedDigits(s, i, 4) && Char(s, i, '-') && FixedDigits(s, i, 2) && Char(s, i, '-') && FixedDigits(s, i, 2);
}

using Predicate = bool (*)(std::string_view);

template <Predicate P>
void BooleanVector(duckdb_function_info, duckdb_data_chunk input, duckdb_vector output) {
  MapRows<duckdb_string_t, bool>(input, output, [](const duckdb_string_t& s) -> std::optional<bool> {
    return P(TextOf(s));
  });
}

Status Register(DuckConnection& conn, const char* name, duckdb_scalar_function_t body) {
  duckdb_scalar_function f = duckdb_create_scalar_function();
  duckdb_scalar_function_set_name(f, name);
  duckdb_logical_type text = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
  duckdb_logical_type boolean = duckdb_create_logical_type(DUCKDB_TYPE_BOOLEAN);
  duckdb_scalar_function_add_parameter(f, text);
  duckdb_scalar_function_set_return_type(f, boolean);
  duckdb_scalar_function_set_function(f, body);
  duckdb_state st = duckdb_register_scalar_function(conn.raw(), f);
  duckdb_destroy_logical_type(&text);
  duckdb_destroy_logical_type(&boolean);
  duckdb_destroy_scalar_function(&f);
  if (st == DuckDBError) return Status::Internal(std::string("cannot register the ") + name + " function");
  return Status::Ok();
}

}  // namespace

bool IsNumericFormat(std::string_view s) {
  size_t i = 0;
  Char(s, i, '-');
  if (Digits(s, i)) {
    if (Char(s, i, '.') && !Digits(s, i)) return false;
  } else if (!(Char(s, i, '.') && Digits(s, i))) {
    return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    Char(s, i, '-');
    if (!Digits(s, i)) return false;
  }
  return i == s.size();
}

bool IsDateTimeFormat(std::string_view s) {
  size_t i = 0;
  return Date(s, i) && Char(s, i, 'T') && FixedDigits(s, i, 2) && Char(s, i, ':') && FixedDigits(s, i, 2) &&
         Char(s, i, ':') && FixedDigits(s, i, 2) && Char(s, i, 'Z') && i == s.size();
}

bool IsDateTimeLike(std::string_view s) {
  size_t i = 0;
  if (!Date(s, i)) return false;
  // ([T ]hh:mm(:ss(.f+)?)?)? -- each optional part either matches whole or is not there.
  if (i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
    size_t j = i + 1;
    if (FixedDigits(s, j, 2) && Char(s, j, ':') && FixedDigits(s, j, 2)) {
      i = j;
      size_t k = i;
      if (Char(s, k, ':') && FixedDigits(s, k, 2)) {
        i = k;
        size_t f = i;
        if (Char(s, f, '.') && Digits(s, f)) i = f;
      }
    }
  }
  // (Z|[+-]hh(:?mm)?)?
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    size_t j = i + 1;
    if (FixedDigits(s, j, 2)) {
      i = j;
      size_t k = i;
      Char(s, k, ':');
      if (FixedDigits(s, k, 2)) i = k;
    }
  }
  return i == s.size();
}

Status RegisterFormatFunctions(DuckConnection& conn) {
  auto exists = conn.Query("SELECT count(*) FROM duckdb_functions() WHERE function_name = 'focusd_numeric_format'");
  if (exists.ok() && exists->Int(0, 0) > 0) return Status::Ok();
  RETURN_IF_ERROR(Register(conn, "focusd_numeric_format", BooleanVector<IsNumericFormat>));
  RETURN_IF_ERROR(Register(conn, "focusd_datetime_format", BooleanVector<IsDateTimeFormat>));
  return Register(conn, "focusd_datetime_like", BooleanVector<IsDateTimeLike>);
}

}  // namespace focusd
