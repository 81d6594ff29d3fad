// Time helpers. focusd stores and prints times as UTC ISO 8601 ("2026-11-25T07:48:14Z").
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace focusd {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;

// A clock that tests can replace (scheduler, token expiry) instead of sleeping.
class TimeSource {
 public:
  virtual ~TimeSource() = default;
  virtual TimePoint Now() const = 0;
  static const TimeSource& System();
};

std::string FormatIso8601(TimePoint t);
std::string NowIso8601();
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff][Z]" and the space-separated form.
std::optional<TimePoint> ParseIso8601(const std::string& s);
int64_t ToUnixSeconds(TimePoint t);

}  // namespace focusd
