#include "focus/requirements_model.h"

#include <gtest/gtest.h>

namespace focusd {
namespace {

TEST(RequirementsModel, EmbeddedModelsParse) {
  auto m12 = RequirementsModel::Embedded(FocusVersion::k12);
  ASSERT_TRUE(m12.ok()) << m12.status().ToString();
  EXPECT_EQ(m12->focus_version(), "1.2");
  EXPECT_EQ(m12->rules().size(), 621u);
  const ModelRule* r = m12->Find("BilledCost-C-003-M");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->reference, "BilledCost");
  EXPECT_EQ(r->function, "Nullability");
  EXPECT_EQ(r->keyword, "MUST NOT");
  EXPECT_FALSE(r->dynamic);
  EXPECT_EQ(r->requirement["CheckFunction"], "CheckNotValue");
  EXPECT_TRUE(r->condition.empty());

  auto m13 = RequirementsModel::Embedded(FocusVersion::k13);
  ASSERT_TRUE(m13.ok());
  EXPECT_EQ(m13->rules().size(), 933u);
  ASSERT_NE(m13->Find("CAU-BilledCost-C-003-M"), nullptr);
  EXPECT_EQ(m13->Find("CAU-BilledCost-C-003-M")->dataset, "Cost and Usage");
}

TEST(RequirementsModel, NoModelBefore12) {
  auto m = RequirementsModel::Embedded(FocusVersion::k11);
  EXPECT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kNotFound);
}

TEST(RequirementsModel, MalformedInputNamesTheProblem) {
  EXPECT_FALSE(RequirementsModel::Parse("not json").ok());
  auto no_rules = RequirementsModel::Parse("{\"Details\": {}}");
  EXPECT_EQ(no_rules.status().field(), "ModelRules");
  auto bad_rule = RequirementsModel::Parse("{\"ModelRules\": {\"X-C-001-M\": {\"Function\": \"Type\"}}}");
  ASSERT_FALSE(bad_rule.ok());
  EXPECT_EQ(bad_rule.status().field(), "X-C-001-M");
}

}  // namespace
}  // namespace focusd
