// The FOCUS Requirements Model (rules/model-1.2.json, model-1.3.json): the spec's
// machine-readable rule set. Each ModelRule carries its ValidationCriteria as the model's own
// check trees ({"CheckFunction": ..., ...}); rule_compiler.h turns those into SQL.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "focus/focus_version.h"

namespace focusd {

struct ModelRule {
  std::string id;           // "BilledCost-C-003-M" (1.2), "CAU-BilledCost-C-003-M" (1.3)
  std::string reference;    // the column or attribute the rule is about: "BilledCost"
  std::string function;     // Presence, Type, Format, Nullability, Validation, Composite
  std::string entity_type;  // Column, Dataset, Attribute, Object
  std::string dataset;      // "Cost and Usage", "Contract Commitment", "" (shared attributes)
  std::string status;       // Active, Deprecated, Removed
  bool dynamic = false;     // "Type": "Dynamic": not decidable by a check over the data
  std::string keyword;      // MUST, MUST NOT, SHOULD, SHOULD NOT, RECOMMENDED, MAY
  std::string text;         // MustSatisfy: the specification's sentence
  std::vector<std::string> applicability;  // provider capabilities the rule depends on
  nlohmann::json requirement = nlohmann::json::object();  // {} when none
  nlohmann::json condition = nlohmann::json::object();    // {} when unconditional

  bool composite() const { return function == "Composite"; }
};

class RequirementsModel {
 public:
  // Parses a model file; errors name the rule that is malformed.
  static Result<RequirementsModel> Parse(std::string_view json_text);
  // The model compiled into the binary for 1.2 or 1.3 (NotFound for other versions).
  static Result<RequirementsModel> Embedded(FocusVersion version);

  const std::string& focus_version() const { return focus_version_; }
  const std::string& model_version() const { return model_version_; }
  const std::vector<ModelRule>& rules() const { return rules_; }  // in file order
  const ModelRule* Find(std::string_view id) const;

 private:
  std::string focus_version_, model_version_;
  std::vector<ModelRule> rules_;
  std::map<std::string, size_t, std::less<>> index_;
};

}  // namespace focusd
