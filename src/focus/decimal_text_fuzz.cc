// libFuzzer target for the text parsing focusd does itself (the rest is DuckDB's):
// ParseDecimal18 (decimal_text.h) and version detection from column names.
// Not part of the default build. Build and run from the repository root:
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
//     src/focus/decimal_text_fuzz.cc src/focus/decimal_text.cc src/focus/version_detector.cc \
//     src/focus/canonical_schema.cc src/focus/focus_version.cc src/core/status.cc -o decimal_text_fuzz
//   ./decimal_text_fuzz -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "focus/decimal_text.h"
#include "focus/version_detector.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = focusd::ParseDecimal18(text);
  if (v) {
    // Property: within DECIMAL(38,18)'s range, and a sign-flipped input parses to -v.
    static const focusd::Int128 kLimit = [] {
      focusd::Int128 l = 1;
      for (int i = 0; i < 38; ++i) l *= 10;
      return l;
    }();
    if (*v >= kLimit || *v <= -kLimit) __builtin_trap();
    size_t start = 0;
    while (start < text.size() && (text[start] == ' ' || text[start] == '\t' || text[start] == '\r' ||
                                   text[start] == '\n'))
      ++start;
    if (start < text.size() && text[start] != '-' && text[start] != '+') {
      std::string negated = "-" + std::string(text.substr(start));
      auto n = focusd::ParseDecimal18(negated);
      if (!n || *n != -*v) __builtin_trap();
    }
  }
  // Column lists: one name per line.
  std::vector<std::string> columns;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    columns.emplace_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  auto detected = focusd::DetectVersion(columns);
  (void)focusd::MissingRequiredColumns(columns);
  (void)focusd::CheckDeclaredVersion(focusd::FocusVersion::k12, detected, "fuzz.csv");
  return 0;
}
