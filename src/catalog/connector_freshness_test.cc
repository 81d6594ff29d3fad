#include "catalog/connector_freshness.h"

#include <gtest/gtest.h>

namespace focusd {
namespace {

Connector Synced(const std::string& status, const std::string& at, const std::string& message = "") {
  Connector c;
  c.status = status;
  c.status_message = message;
  c.last_sync_at = at;
  return c;
}

const TimePoint kNow = *ParseIso8601("2026-11-25T12:00:00Z");

TEST(ConnectorFreshnessTest, ASyncWithinTwoDaysKeepsItsStatus) {
  Connector c = WithFreshness(Synced("Healthy", "2026-11-23T12:00:00Z"), kNow);  // exactly 48 h
  EXPECT_EQ(c.status, "Healthy");
  EXPECT_EQ(c.status_message, "");
}

TEST(ConnectorFreshnessTest, OlderDataIsAWarningSayingSinceWhen) {
  Connector c = WithFreshness(Synced("Healthy", "2026-11-22T06:00:00Z"), kNow);
  EXPECT_EQ(c.status, "Warning");
  EXPECT_EQ(c.status_message,
            "No successful sync for 78 hours (since 2026-11-22T06:00:00Z): the data may be out of date");
}

TEST(ConnectorFreshnessTest, KeepsTheRuleFailuresOfAWarning) {
  Connector c = WithFreshness(Synced("Warning", "2026-11-01T00:00:00Z", "2 MUST and 0 SHOULD rule failures"), kNow);
  EXPECT_EQ(c.status, "Warning");
  EXPECT_NE(c.status_message.find("No successful sync for"), std::string::npos);
  EXPECT_NE(c.status_message.find("2 MUST and 0 SHOULD rule failures"), std::string::npos);
}

TEST(ConnectorFreshnessTest, ErrorsAndNewConnectorsSayMoreAlready) {
  EXPECT_EQ(WithFreshness(Synced("Error", "2026-11-01T00:00:00Z", "access denied"), kNow).status_message,
            "access denied");
  Connector fresh;
  fresh.status = "New";
  EXPECT_EQ(WithFreshness(fresh, kNow).status, "New");
}

}  // namespace
}  // namespace focusd
