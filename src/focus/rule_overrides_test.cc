#include "focus/rule_overrides.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "focus/requirements_model.h"

namespace focusd {
namespace {

TEST(RuleOverrides, EveryOverrideNamesARealRuleAndParses) {
  auto m12 = RequirementsModel::Embedded(FocusVersion::k12);
  auto m13 = RequirementsModel::Embedded(FocusVersion::k13);
  ASSERT_TRUE(m12.ok() && m13.ok());
  for (const auto& o : RuleOverrides()) {
    EXPECT_TRUE(m12->Find(o.rule_id) || m13->Find(o.rule_id)) << o.rule_id;
    EXPECT_FALSE(o.reason.empty()) << o.rule_id;
    for (const std::string* j : {&o.condition, &o.requirement}) {
      if (j->empty()) continue;
      auto parsed = nlohmann::json::parse(*j, nullptr, false);
      EXPECT_TRUE(parsed.is_object() && parsed.contains("CheckFunction")) << o.rule_id << ": " << *j;
    }
    if (o.action == RuleOverride::Action::kReplace) {
      EXPECT_FALSE(o.condition.empty() && o.requirement.empty()) << o.rule_id;
    }
  }
}

// The defects the reference data's README lists must each have an entry.
TEST(RuleOverrides, CoverTheKnownModelDefects) {
  for (const char* id : {"CapacityReservationStatus-C-003-C", "CapacityReservationStatus-C-004-C",
                         "CAU-CapacityReservationStatus-C-003-C", "CAU-CapacityReservationStatus-C-004-C",
                         "CommitmentDiscountStatus-C-003-C", "CommitmentDiscountStatus-C-004-C",
                         "ResourceType-C-005-C", "PricingCurrencyEffectiveCost-C-004-M",
                         "EffectiveCost-C-005-C", "BilledCost-C-005-C",
                         "CAU-PricingCurrencyContractedUnitPrice-C-012-C", "InvoiceId-C-004-C",
                         "InvoiceId-C-005-C"})
    EXPECT_NE(FindRuleOverride(id), nullptr) << id;
  EXPECT_EQ(FindRuleOverride("BilledCost-C-003-M"), nullptr);
}

}  // namespace
}  // namespace focusd
