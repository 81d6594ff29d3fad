#include "support/sync_reports.h"

#include <gtest/gtest.h>

namespace focusd::testing {
std::string TrimDecimalZeros(std::string s) {
  if (s.find('.') == std::string::npos) return s;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

nlohmann::json SyncAndWait(FocusdProcess& server, const std::string& connector_id) {
  auto r = server.Call("POST", "/api/v1/connectors/" + connector_id + "/sync?wait=true");
  EXPECT_EQ(r.status, 200) << r.body;
  return nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
}

std::map<std::string, std::string> RunTotals(const nlohmann::json& run) {
  std::map<std::string, std::string> out;
  for (const auto& t : run["totals"])
    out[t["period"]] = t["rows"].dump() + "/" + TrimDecimalZeros(t["billed_cost"].get<std::string>());
  return out;
}

std::string FailedStep(const nlohmann::json& report) {
  for (const auto& s : report["steps"])
    if (!s["ok"].get<bool>()) return s["name"].get<std::string>() + ": " + s["hint"].get<std::string>();
  return "";
}

}  // namespace focusd::testing
