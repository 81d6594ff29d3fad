#include "focus/decimal_text.h"

namespace focusd {
namespace {

constexpr int kScale = 18;
constexpr int kMaxDigits = 38;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<Int128> ParseDecimal18(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n && IsSpace(s[i])) ++i;
  while (n > i && IsSpace(s[n - 1])) --n;
  bool negative = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  // Mantissa: remember where the significant digits are instead of copying them.
  size_t mant_begin = i;
  int int_digits = 0, frac_digits = 0;
  bool seen_point = false;
  for (; i < n; ++i) {
    char c = s[i];
    if (IsDigit(c)) {
      (seen_point ? frac_digits : int_digits)++;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  size_t mant_end = i;
  if (int_digits + frac_digits == 0) return std::nullopt;
  long exponent = 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) exp_negative = s[i++] == '-';
    if (i == n) return std::nullopt;
    for (; i < n; ++i) {
      if (!IsDigit(s[i])) return std::nullopt;
      if (exponent < 100000) exponent = exponent * 10 + (s[i] - '0');
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != n) return std::nullopt;

  // value = digits * 10^(exponent - frac_digits); we want digits * 10^shift at scale 18.
  long shift = exponent - frac_digits + kScale;
  // Walk the digits in order; `keep` of them (counting from the first) stay, the next one
  // decides rounding.
  long total = int_digits + frac_digits;
  long keep = shift >= 0 ? total : total + shift;  // digits kept before appending zeros
  Int128 value = 0;
  int significant = 0;
  long index = 0;
  bool round_up = false;
  for (size_t k = mant_begin; k < mant_end; ++k) {
    if (s[k] == '.') continue;
    int d = s[k] - '0';
    if (index < keep) {
      if (significant > 0 || d != 0) {
        if (++significant > kMaxDigits) return std::nullopt;
        value = value * 10 + d;
      }
    } else if (index == keep) {
      round_up = d >= 5;
    }
    ++index;
  }
  if (round_up) ++value;
  if (shift > 0) {
    if (value != 0 && significant + shift > kMaxDigits) return std::nullopt;
    for (long k = 0; k < shift && value != 0; ++k) value *= 10;
  }
  static const Int128 kLimit = [] {
    Int128 v = 1;
    for (int k = 0; k < kMaxDigits; ++k) v *= 10;
    return v;
  }();
  if (value >= kLimit) return std::nullopt;
  return negative ? -value : value;
}

}  // namespace focusd
