// FOCUS specification versions focusd reads. Everything is stored in one canonical schema,
// the 1.3 superset (see canonical_schema.h, owned by the reader).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace focusd {

enum class FocusVersion { kPre10, k10, k11, k12, k13 };

const char* FocusVersionName(FocusVersion v);   // "pre-1.0", "1.0", "1.1", "1.2", "1.3"
std::optional<FocusVersion> ParseFocusVersion(std::string_view s);  // "1.0".."1.3", "pre-1.0"

}  // namespace focusd
