// TEMP (validator worktree): superseded by the reader's focus_version.cc at merge.
#include "focus/focus_version.h"

namespace focusd {

const char* FocusVersionName(FocusVersion v) {
  switch (v) {
    case FocusVersion::kPre10: return "pre-1.0";
    case FocusVersion::k10: return "1.0";
    case FocusVersion::k11: return "1.1";
    case FocusVersion::k12: return "1.2";
    case FocusVersion::k13: return "1.3";
  }
  return "?";
}

std::optional<FocusVersion> ParseFocusVersion(std::string_view s) {
  if (s == "pre-1.0") return FocusVersion::kPre10;
  if (s == "1.0") return FocusVersion::k10;
  if (s == "1.1") return FocusVersion::k11;
  if (s == "1.2") return FocusVersion::k12;
  if (s == "1.3") return FocusVersion::k13;
  return std::nullopt;
}

}  // namespace focusd
