// Test helpers for src/providers: checks a JavaScript-style pattern from the form schema
// against a value the way a browser would (std::wregex's ECMAScript grammar, on code points).
#pragma once

#include <regex>
#include <string>

namespace focusd::testing {

// UTF-8 to wide string (code points); invalid bytes become U+FFFD.
inline std::wstring Widen(const std::string& s) {
  std::wstring out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(static_cast<wchar_t>(cp));
    i += len;
  }
  return out;
}

inline bool PatternMatches(const std::string& pattern, const std::string& value) {
  std::wregex re(Widen(pattern), std::regex::ECMAScript);
  return std::regex_search(Widen(value), re);
}

}  // namespace focusd::testing
