// The HTTP Date header's form (RFC 7231 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"), which
// OCI signs and checks against its clock.
#pragma once

#include <optional>
#include <string>

#include "core/time.h"

namespace focusd {

std::string FormatHttpDate(TimePoint t);
// Parses an IMF-fixdate; the weekday is not checked against the date (signed test vectors
// carry dates whose weekday is wrong). nullopt for anything else.
std::optional<TimePoint> ParseHttpDate(const std::string& s);

}  // namespace focusd
