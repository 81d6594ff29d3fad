// THE one visible list of places where focusd departs from the FOCUS Requirements Model.
// The model has known defects (see rule_overrides.cc for each one and why); where the model
// and the specification's prose disagree, the prose wins. Every departure is an entry here,
// with the rule id and the reason, and the report marks overridden rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace focusd {

struct RuleOverride {
  enum class Action {
    kReplace,  // use `condition` / `requirement` (model check-tree JSON) instead of the model's
    kSkip,     // not decidable from the data: report SKIPPED with `reason`
  };
  std::string rule_id;      // exact id as in the model ("CAU-..." for 1.3)
  Action action = Action::kReplace;
  std::string condition;    // replacement Condition JSON; "" keeps the model's
  std::string requirement;  // replacement Requirement JSON; "" keeps the model's
  std::string reason;       // what is wrong in the model, in the prose's words
};

const std::vector<RuleOverride>& RuleOverrides();
// The override for a rule id, or nullptr.
const RuleOverride* FindRuleOverride(std::string_view rule_id);

}  // namespace focusd
