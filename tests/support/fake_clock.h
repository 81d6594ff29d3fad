// A TimeSource whose time the test sets: schedules, token expiry and the open month are
// driven by assigning or advancing `now`, never by sleeping.
#pragma once

#include <string>

#include "core/time.h"

namespace focusd::testing {

class FakeClock : public TimeSource {
 public:
  FakeClock() : now(Clock::now()) {}
  explicit FakeClock(const std::string& iso8601) : now(*ParseIso8601(iso8601)) {}
  TimePoint Now() const override { return now; }
  TimePoint now;
};

}  // namespace focusd::testing
