#include "focus/requirements_model.h"

#include "focus/focus_data.h"

namespace focusd {

namespace {

std::string StringOr(const nlohmann::json& j, const char* key, std::string fallback = {}) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

}  // namespace

Result<RequirementsModel> RequirementsModel::Parse(std::string_view json_text) {
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    return Status::InvalidArgument("requirements model is not a JSON object");
  auto rules = doc.find("ModelRules");
  if (rules == doc.end() || !rules->is_object())
    return Status::InvalidArgument("requirements model has no ModelRules object", "ModelRules");
  RequirementsModel model;
  if (auto d = doc.find("Details"); d != doc.end() && d->is_object()) {
    model.focus_version_ = StringOr(*d, "FOCUSVersion");
    model.model_version_ = StringOr(*d, "ModelVersion");
  }
  model.rules_.reserve(rules->size());
  for (auto it = rules->begin(); it != rules->end(); ++it) {
    const nlohmann::json& r = it.value();
    if (!r.is_object()) return Status::InvalidArgument("rule is not an object", it.key());
    auto vc = r.find("ValidationCriteria");
    if (vc == r.end() || !vc->is_object())
      return Status::InvalidArgument("rule has no ValidationCriteria", it.key());
    ModelRule rule;
    rule.id = it.key();
    rule.reference = StringOr(r, "Reference");
    rule.function = StringOr(r, "Function");
    rule.entity_type = StringOr(r, "EntityType");
    rule.dataset = StringOr(r, "DatasetName");
    rule.status = StringOr(r, "Status", "Active");
    rule.dynamic = StringOr(r, "Type") == "Dynamic";
    rule.keyword = StringOr(*vc, "Keyword");
    rule.text = StringOr(*vc, "MustSatisfy");
    if (auto a = r.find("ApplicabilityCriteria"); a != r.end() && a->is_array())
      for (const auto& c : *a)
        if (c.is_string()) rule.applicability.push_back(c.get<std::string>());
    if (auto q = vc->find("Requirement"); q != vc->end() && q->is_object()) rule.requirement = *q;
    if (auto c = vc->find("Condition"); c != vc->end() && c->is_object()) rule.condition = *c;
    model.index_.emplace(rule.id, model.rules_.size());
    model.rules_.push_back(std::move(rule));
  }
  return model;
}

Result<RequirementsModel> RequirementsModel::Embedded(FocusVersion version) {
  const char* file = version == FocusVersion::k12   ? "model-1.2.json"
                     : version == FocusVersion::k13 ? "model-1.3.json"
                                                    : nullptr;
  if (!file)
    return Status::NotFound(std::string("no Requirements Model for FOCUS ") +
                            FocusVersionName(version));
  std::string_view text = FocusDataFile(file);
  if (text.empty()) return Status::Internal(std::string("embedded file missing: ") + file);
  return Parse(text);
}

const ModelRule* RequirementsModel::Find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &rules_[it->second];
}

}  // namespace focusd
