// Internal to src/providers: the per-provider description of a connector form, from which
// connector_schema.cc both renders the schema JSON and validates submitted fields, so the
// two cannot drift apart. One file per provider fills it in (aws_fields.cc, ...).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "providers/provider.h"

namespace focusd {

struct FieldSpec {
  std::string key;
  std::string label;
  // The label used in error messages when `label` alone is ambiguous in the form (GCP has
  // two "GCP Project ID" fields); empty means `label`.
  std::string message_label;
  std::string help;
  std::string type = "text";  // text | select | secret | readonly
  std::string group = "connector";
  bool required = true;
  std::string pattern;  // JavaScript regex; see field_rules.h
  int min_length = 0;   // 0: not in the schema
  int max_length = 0;
  std::vector<std::pair<std::string, std::string>> options;  // value, label (for select)
  std::string default_value;
  std::string placeholder;
  // Applied to the trimmed value before `check` (e.g. upper-casing a GCP billing account).
  std::function<std::string(std::string)> normalize;
  std::function<std::optional<std::string>(std::string_view)> check;

  const std::string& MessageLabel() const { return message_label.empty() ? label : message_label; }
};

struct GroupSpec {
  std::string id;
  std::string label;
};

struct ConnectorForm {
  std::vector<GroupSpec> groups;
  std::vector<FieldSpec> fields;  // "name" first; "secret_id" next when the provider needs one
};

const ConnectorForm& AwsConnectorForm();
const ConnectorForm& AzureConnectorForm();
const ConnectorForm& GcpConnectorForm();
const ConnectorForm& OciConnectorForm();
const ConnectorForm& ConnectorFormFor(Provider p);

// Fields every form shares.
FieldSpec ConnectorNameField();
// `environment` completes the product's help text: "... connect with the <environment> ...".
FieldSpec SecretIdField(const std::string& environment);

// Normalizers shared by several fields.
std::string TrimTrailingSlashes(std::string value);

}  // namespace focusd
