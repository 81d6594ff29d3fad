#include "focus/format_checks.h"

#include <algorithm>
#include <sstream>

#include "db/duckdb.h"
#include "focus/focus_data.h"
#include "focus/staging.h"

namespace focusd {

namespace {

// A list literal: list_contains() on it is a hash-free binary-ish scan that DuckDB runs far
// faster than a 180-way IN (...), which it expands into comparisons.
std::string CurrencyList() {
  std::string out = "[";
  for (const auto& c : CurrencyCodes()) {
    if (out.size() > 1) out += ", ";
    out += SqlQuote(c);
  }
  return out + "]";
}

}  // namespace

const std::vector<std::string>& CurrencyCodes() {
  static const std::vector<std::string> codes = [] {
    std::vector<std::string> out;
    std::istringstream in{std::string(FocusDataFile("currency_codes.csv"))};
    std::string line;
    while (std::getline(in, line)) {
      // ",currency_codes" header, then "0,SEK".
      auto comma = line.find(',');
      std::string code = comma == std::string::npos ? line : line.substr(comma + 1);
      while (!code.empty() && (code.back() == '\r' || code.back() == ' ')) code.pop_back();
      if (code.size() == 3 && std::all_of(code.begin(), code.end(), [](char ch) {
            return ch >= 'A' && ch <= 'Z';
          }))
        out.push_back(code);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }();
  return codes;
}

// The shape checks below call focusd's own matchers (format_functions.h), which accept
// exactly what their regular expressions, quoted there, fully match.
std::string SqlNumericFormat(const std::string& col) {
  return "(" + col + " IS NULL OR focusd_numeric_format(" + col + "))";
}

std::string SqlDecimalValue(const std::string& col) {
  return "(" + col + " IS NULL OR coalesce(isfinite(TRY_CAST(" + col + " AS DOUBLE)), false))";
}

std::string SqlDateTimeFormat(const std::string& col) {
  // The shape only: whether it is a real calendar moment is the type rule's (a cast is the
  // expensive part, so it is done once, there).
  return "(" + col + " IS NULL OR focusd_datetime_format(" + col + "))";
}

std::string SqlDateTimeValue(const std::string& col) {
  // DuckDB's cast alone is too lenient ("5/1/25" casts to year 5), so require an ISO-like
  // date first; CASE keeps the cast off rows that fail the pattern.
  return "(" + col + " IS NULL OR CASE WHEN focusd_datetime_like(" + col + ") THEN TRY_CAST(" + col +
         " AS TIMESTAMP) IS NOT NULL ELSE false END)";
}

std::string SqlCurrencyFormat(const std::string& col) {
  return "(" + col + " IS NULL OR list_contains(" + CurrencyList() + ", " + col +
         ") OR NOT regexp_full_match(" + col + ", '[A-Za-z]{3}'))";
}

std::string SqlNationalCurrency(const std::string& col) {
  return "(" + col + " IS NULL OR list_contains(" + CurrencyList() + ", " + col + "))";
}

std::string SqlUnitFormat(const std::string& col) {
  return "(" + col + " IS NULL OR regexp_full_match(" + col +
         ", '([0-9]+ )?[A-Za-z][A-Za-z0-9]*( [A-Za-z0-9]+)*([-/]([0-9]+ )?[A-Za-z][A-Za-z0-9]*( "
         "[A-Za-z0-9]+)*)?'))";
}

std::string SqlKeyValueFormat(const std::string& col) {
  // CASE keeps json_type() away from invalid JSON (it would raise an error) and takes the
  // cheap path for the usual flat object (no second '{', no '['); only text that might
  // nest pays for the per-key check.
  // The IS NULL arm must come first inside the CASE: a NULL would otherwise fall through
  // every WHEN to the expensive ELSE.
  return "(CASE WHEN " + col + " IS NULL THEN true WHEN NOT json_valid(" + col + ") THEN false WHEN json_type(" +
         col + ") <> 'OBJECT' THEN false WHEN strpos(substr(" + col + ", 2), '{') = 0 AND strpos(" +
         col + ", '[') = 0 THEN true ELSE NOT list_contains(list_transform(json_keys(" + col +
         "), k -> json_type(" + col + ", '$.\"' || replace(k, '\"', '\\\"') || '\"') IN "
         "('OBJECT', 'ARRAY')), true) END)";
}

std::string SqlJsonObject(const std::string& col) {
  return "(CASE WHEN " + col + " IS NULL THEN true WHEN json_valid(" + col + ") THEN json_type(" + col +
         ") = 'OBJECT' ELSE false END)";
}

namespace {

// (ref IS NULL OR CASE WHEN <fast> THEN true ELSE <text check> END): the text is rendered only
// for the rows the fast test does not decide.
std::string FastOrText(const std::string& ref, const std::string& fast, const std::string& text_check) {
  return "(" + ref + " IS NULL OR CASE WHEN " + fast + " THEN true ELSE " + text_check + " END)";
}

}  // namespace

std::string SqlNumericFormatTyped(const std::string& ref, const std::string& type) {
  switch (StagedKindOf(type)) {
    case StagedKind::kExact: return "TRUE";  // "12", "-0.500": always plain digits
    case StagedKind::kDouble:
      // DuckDB writes a double in plain notation from 1e-4 up to below 1e15 ("1e+15" has a
      // '+', which NumericFormat refuses); NaN compares above every number.
      return FastOrText(ref, "(" + ref + " = 0 OR (abs(" + ref + ") >= 0.0001 AND abs(" + ref + ") < 1e15))",
                        SqlNumericFormat(StagedTextExpr(ref, type)));
    default: return SqlNumericFormat(StagedTextExpr(ref, type));
  }
}

std::string SqlDecimalValueTyped(const std::string& ref, const std::string& type) {
  switch (StagedKindOf(type)) {
    case StagedKind::kExact: return "TRUE";
    case StagedKind::kDouble: return "(" + ref + " IS NULL OR isfinite(" + ref + "))";
    default: return SqlDecimalValue(StagedTextExpr(ref, type));
  }
}

std::string SqlDateTimeFormatTyped(const std::string& ref, const std::string& type) {
  if (StagedKindOf(type) != StagedKind::kTimestamp) return SqlDateTimeFormat(StagedTextExpr(ref, type));
  // A whole second of a four-digit year is written exactly as DateTimeFormat asks.
  return FastOrText(ref, "microsecond(" + ref + ") % 1000000 = 0 AND year(" + ref + ") BETWEEN 1000 AND 9999",
                    SqlDateTimeFormat(StagedTextExpr(ref, type)));
}

std::string SqlDateTimeValueTyped(const std::string& ref, const std::string& type) {
  if (StagedKindOf(type) != StagedKind::kTimestamp) return SqlDateTimeValue(StagedTextExpr(ref, type));
  return FastOrText(ref, "year(" + ref + ") BETWEEN 1000 AND 9999",
                    SqlDateTimeValue(StagedTextExpr(ref, type)));
}

std::string SqlDouble(const std::string& ref, const std::string& type) {
  switch (StagedKindOf(type)) {
    case StagedKind::kDouble: return ref;
    case StagedKind::kExact: return "CAST(" + ref + " AS DOUBLE)";
    default: return "TRY_CAST(" + StagedTextExpr(ref, type) + " AS DOUBLE)";
  }
}

}  // namespace focusd
