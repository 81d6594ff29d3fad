#include "api/cost_result_json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace focusd {
namespace {

TEST(CostResultJsonTest, ParsesBackToTheResultWhateverTheNamesHold) {
  CostResult r;
  r.metric = "BilledCost";
  r.dimensions = {"tag:owner", "day"};
  const std::string odd = "say \"hi\"\\ \n\t\x01 caf\xc3\xa9 \xe2\x82\xac";
  r.rows.push_back({"USD", {odd, std::string("2026-01-02")}, "12.50"});
  r.rows.push_back({"EUR", {std::nullopt, std::string("2026-01-03")}, "-0.000000000000000001"});
  r.totals.push_back({"EUR", "-0.000000000000000001", 3});
  r.totals.push_back({"USD", "12.50", 7});
  r.truncated = true;

  auto j = nlohmann::json::parse(CostResultJson(r), nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << CostResultJson(r);
  EXPECT_EQ(j["metric"], "BilledCost");
  EXPECT_EQ(j["dimensions"], nlohmann::json({"tag:owner", "day"}));
  ASSERT_EQ(j["rows"].size(), 2u);
  EXPECT_EQ(j["rows"][0]["tag:owner"], odd);
  EXPECT_EQ(j["rows"][0]["day"], "2026-01-02");
  EXPECT_EQ(j["rows"][0]["currency"], "USD");
  EXPECT_EQ(j["rows"][0]["cost"], "12.50");
  EXPECT_TRUE(j["rows"][1]["tag:owner"].is_null());
  EXPECT_EQ(j["rows"][1]["cost"], "-0.000000000000000001");
  EXPECT_EQ(j["totals"][1], nlohmann::json({{"currency", "USD"}, {"cost", "12.50"}, {"rows", 7}}));
  EXPECT_EQ(j["truncated"], true);
  EXPECT_NE(j["currency_note"].get<std::string>().find("never added"), std::string::npos);
}

TEST(CostResultJsonTest, AnEmptyResultIsStillTheSameShape) {
  CostResult r;
  r.metric = "ListCost";
  auto j = nlohmann::json::parse(CostResultJson(r));
  EXPECT_EQ(j["rows"], nlohmann::json::array());
  EXPECT_EQ(j["totals"], nlohmann::json::array());
  EXPECT_EQ(j["dimensions"], nlohmann::json::array());
  EXPECT_EQ(j["truncated"], false);
}

}  // namespace
}  // namespace focusd
