#include "core/time.h"

#include <cstdio>
#include <ctime>

namespace focusd {
namespace {
class SystemTimeSource : public TimeSource {
 public:
  TimePoint Now() const override { return Clock::now(); }
};
}  // namespace

const TimeSource& TimeSource::System() {
  static const SystemTimeSource source;
  return source;
}

std::string FormatIso8601(TimePoint t) {
  std::time_t tt = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string NowIso8601() { return FormatIso8601(Clock::now()); }

std::optional<TimePoint> ParseIso8601(const std::string& s) {
  std::tm tm{};
  char sep = 0;
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &sep, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 7 ||
      (sep != 'T' && sep != ' ')) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::time_t tt = timegm(&tm);
  if (tt == -1) return std::nullopt;
  return Clock::from_time_t(tt);
}

int64_t ToUnixSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace focusd
