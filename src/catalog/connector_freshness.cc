#include "catalog/connector_freshness.h"

namespace focusd {

Connector WithFreshness(Connector c, TimePoint now) {
  if (c.status != "Healthy" && c.status != "Warning") return c;
  if (!c.last_sync_at) return c;
  auto last = ParseIso8601(*c.last_sync_at);
  if (!last || now - *last <= kStaleAfter) return c;
  auto hours = std::chrono::duration_cast<std::chrono::hours>(now - *last).count();
  std::string stale = "No successful sync for " + std::to_string(hours) + " hours (since " + *c.last_sync_at +
                      "): the data may be out of date";
  c.status_message = c.status == "Warning" && !c.status_message.empty() ? stale + "; " + c.status_message : stale;
  c.status = "Warning";
  return c;
}

}  // namespace focusd
