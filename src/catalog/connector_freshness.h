// What the main screen shows about a connector's data besides its last run: a connector whose
// last successful sync is more than 48 hours old is a Warning even if that sync went well
// (the daily sync has been failing or not running), and "data complete through" is the last
// day of charges the warehouse holds for it.
#pragma once

#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "core/time.h"

namespace focusd {

constexpr std::chrono::hours kStaleAfter{48};

// The connector with its status adjusted for stale data at `now`: Healthy (or Warning) with
// a last successful sync older than kStaleAfter becomes Warning, saying since when. Error,
// Syncing and New are left alone (they already say more).
Connector WithFreshness(Connector c, TimePoint now);

}  // namespace focusd
