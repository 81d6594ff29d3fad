#include "providers/connector_schema.h"

#include <cctype>

#include "core/random.h"
#include "providers/connector_form.h"
#include "providers/field_rules.h"
#include "providers/secret_kinds.h"

namespace focusd {
namespace {

using nlohmann::json;

std::string Trim(const std::string& s) {
  const char* kSpace = " \t\r\n\f\v";
  size_t b = s.find_first_not_of(kSpace);
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(kSpace);
  return s.substr(b, e - b + 1);
}

bool EqualsIgnoreCase(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

json FieldJson(const FieldSpec& f) {
  json j = {{"key", f.key},     {"label", f.label},       {"help", f.help},
            {"type", f.type},   {"required", f.required}, {"group", f.group}};
  if (!f.pattern.empty()) j["pattern"] = f.pattern;
  if (f.min_length > 0) j["min_length"] = f.min_length;
  if (f.max_length > 0) j["max_length"] = f.max_length;
  if (!f.options.empty()) {
    json options = json::array();
    for (const auto& [value, label] : f.options) options.push_back({{"value", value}, {"label", label}});
    j["options"] = options;
  }
  if (!f.default_value.empty()) j["default"] = f.default_value;
  if (!f.placeholder.empty()) j["placeholder"] = f.placeholder;
  return j;
}

// Checks one provider field; returns the normalized value (stored even when invalid, so the
// caller can show what was understood) and appends any error.
std::string CheckField(const FieldSpec& f, const json* raw, std::vector<FieldError>* errors) {
  std::string value;
  if (raw != nullptr && !raw->is_null()) {
    if (!raw->is_string()) {
      errors->push_back({f.key, f.MessageLabel() + " must be text"});
      return "";
    }
    value = Trim(raw->get<std::string>());
  }
  if (value.empty()) value = f.default_value;
  if (f.normalize) value = f.normalize(value);
  if (value.empty()) {
    if (f.required) errors->push_back({f.key, f.MessageLabel() + " is required"});
    return value;
  }
  if (!f.options.empty()) {
    std::string allowed;
    for (const auto& option : f.options) {
      if (EqualsIgnoreCase(value, option.first)) return option.first;
      allowed += (allowed.empty() ? "" : ", ") + option.first;
    }
    errors->push_back({f.key, f.MessageLabel() + " must be one of: " + allowed});
    return value;
  }
  if (f.check) {
    if (auto problem = f.check(value)) errors->push_back({f.key, f.MessageLabel() + " " + *problem});
  }
  return value;
}

}  // namespace

FieldSpec ConnectorNameField() {
  FieldSpec f;
  f.key = "name";
  f.label = "Billing Connector Identification";
  f.help = "Enter the name that identifies the billing connector";
  f.pattern = kConnectorNamePattern;
  f.min_length = 1;
  f.max_length = 100;
  f.placeholder = "Production billing";
  f.check = CheckConnectorName;
  return f;
}

FieldSpec SecretIdField(const std::string& environment) {
  FieldSpec f;
  f.key = "secret_id";
  f.label = "Select the secret for this billing connector";
  f.message_label = "Secret";
  f.help = "We will use this secret to connect with the " + environment +
           " environment and view the Billing data";
  f.type = "secret";
  return f;
}

std::string TrimTrailingSlashes(std::string value) {
  while (!value.empty() && value.back() == '/') value.pop_back();
  return value;
}

const ConnectorForm& ConnectorFormFor(Provider p) {
  switch (p) {
    case Provider::kAws: return AwsConnectorForm();
    case Provider::kAzure: return AzureConnectorForm();
    case Provider::kGcp: return GcpConnectorForm();
    case Provider::kOci: return OciConnectorForm();
  }
  return OciConnectorForm();
}

json ConnectorFieldSchema(Provider p) {
  const ConnectorForm& form = ConnectorFormFor(p);
  std::vector<std::string> kinds = SecretKindsFor(p);
  json groups = json::array();
  for (const GroupSpec& g : form.groups) groups.push_back({{"id", g.id}, {"label", g.label}});
  json fields = json::array();
  for (const FieldSpec& f : form.fields) fields.push_back(FieldJson(f));
  return {{"provider", ProviderName(p)}, {"type", "FOCUS"},   {"needs_secret", !kinds.empty()},
          {"secret_kinds", kinds},       {"groups", groups}, {"fields", fields}};
}

std::vector<FieldError> ValidateConnectorName(const std::string& name) {
  static const FieldSpec kName = ConnectorNameField();
  if (Trim(name).empty()) return {{"name", kName.label + " is required"}};
  if (auto problem = CheckConnectorName(name)) return {{"name", kName.label + " " + *problem}};
  return {};
}

std::vector<FieldError> ValidateConnectorFields(Provider p, nlohmann::json* fields) {
  std::vector<FieldError> errors;
  json in = json::object();
  if (fields != nullptr && fields->is_object()) {
    in = *fields;
  } else if (fields != nullptr && !fields->is_null()) {
    errors.push_back({"fields", "Connector fields must be a JSON object"});
  }
  json out = json::object();
  for (const FieldSpec& f : ConnectorFormFor(p).fields) {
    // name and secret_id are the connector's top-level attributes, checked elsewhere.
    if (f.key == "name" || f.key == "secret_id") continue;
    auto it = in.find(f.key);
    std::string value = CheckField(f, it == in.end() ? nullptr : &*it, &errors);
    if (!value.empty()) out[f.key] = value;
  }
  if (fields != nullptr) *fields = std::move(out);
  return errors;
}

std::string NewAwsExternalId() { return "focusd-" + RandomHex(16); }

}  // namespace focusd
