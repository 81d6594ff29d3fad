#include "catalog/connector_registry.h"

#include "providers/connector_schema.h"
#include "providers/secret_kinds.h"

namespace focusd {
namespace {

std::string StringField(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

// A name typed with stray spaces around it is the same name.
std::string TrimmedName(const nlohmann::json& body) {
  std::string name = StringField(body, "name");
  size_t b = name.find_first_not_of(" \t"), e = name.find_last_not_of(" \t");
  return b == std::string::npos ? "" : name.substr(b, e - b + 1);
}

template <typename T>
Registration<T> Failed(Status status, std::vector<FieldError> fields = {}) {
  Registration<T> r;
  r.error.status = std::move(status);
  r.error.fields = std::move(fields);
  return r;
}

template <typename T>
Registration<T> FromFieldErrors(std::vector<FieldError> errors) {
  Status s = Status::InvalidArgument(errors.front().message, errors.front().field);
  return Failed<T>(std::move(s), std::move(errors));
}

template <typename T>
Registration<T> FromStatus(const Status& s) {
  std::vector<FieldError> fields;
  if (!s.field().empty()) fields.push_back({s.field(), s.message()});
  return Failed<T>(s, std::move(fields));
}

}  // namespace

void ConnectorRegistry::Validate(Connector* c, const nlohmann::json& body,
                                 std::vector<FieldError>* errors) {
  c->name = TrimmedName(body);
  for (auto& fe : ValidateConnectorName(c->name)) errors->push_back(fe);

  auto fields_it = body.find("fields");
  c->fields = (fields_it != body.end() && fields_it->is_object()) ? *fields_it : nlohmann::json::object();
  if (c->provider == Provider::kAws && !c->fields.contains("external_id"))
    c->fields["external_id"] = NewAwsExternalId();
  for (auto& fe : ValidateConnectorFields(c->provider, &c->fields)) errors->push_back(fe);

  c->secret_id.reset();
  std::string secret = StringField(body, "secret_id");
  bool needs_secret = !SecretKindsFor(c->provider).empty();
  if (!needs_secret) {
    if (!secret.empty())
      errors->push_back({"secret_id", std::string(ProviderName(c->provider)) +
                                          " connectors use an IAM role, not a secret"});
    return;
  }
  if (secret.empty()) {
    errors->push_back({"secret_id", "Select the secret for this billing connector"});
    return;
  }
  auto info = catalog_->GetSecret(secret);
  if (!info.ok()) {
    errors->push_back({"secret_id", "The selected secret does not exist"});
  } else if (info->provider != c->provider) {
    errors->push_back({"secret_id", "The selected secret is for " +
                                        std::string(ProviderName(info->provider)) + ", not " +
                                        ProviderName(c->provider)});
  } else {
    c->secret_id = info->id;
  }
}

Registration<Connector> ConnectorRegistry::Check(const nlohmann::json& body) {
  if (!body.is_object()) return FromStatus<Connector>(Status::InvalidArgument("expected a JSON object"));
  std::vector<FieldError> errors;
  Connector c;
  std::string type = body.contains("type") ? StringField(body, "type") : "FOCUS";
  if (type != "FOCUS") errors.push_back({"type", "Type must be FOCUS"});
  auto provider = ParseProvider(StringField(body, "provider"));
  if (!provider) {
    errors.push_back({"provider", "Cloud Provider must be one of AWS, Azure, GCP, OCI"});
    return FromFieldErrors<Connector>(std::move(errors));
  }
  c.provider = *provider;
  Validate(&c, body, &errors);
  if (!errors.empty()) return FromFieldErrors<Connector>(std::move(errors));
  Registration<Connector> r;
  r.value = std::move(c);
  return r;
}

Registration<Connector> ConnectorRegistry::Create(const nlohmann::json& body) {
  Registration<Connector> checked = Check(body);
  if (!checked.ok()) return checked;
  auto created = catalog_->CreateConnector(std::move(*checked.value));
  if (!created.ok()) return FromStatus<Connector>(created.status());
  Registration<Connector> r;
  r.value = std::move(created).value();
  return r;
}

Registration<Connector> ConnectorRegistry::Update(const std::string& id, const nlohmann::json& body) {
  if (!body.is_object()) return FromStatus<Connector>(Status::InvalidArgument("expected a JSON object"));
  auto existing = catalog_->GetConnector(id);
  if (!existing.ok()) return FromStatus<Connector>(existing.status());
  Connector c = std::move(existing).value();
  std::vector<FieldError> errors;
  if (body.contains("provider")) {
    auto p = ParseProvider(StringField(body, "provider"));
    if (!p || *p != c.provider) errors.push_back({"provider", "The cloud provider of a connector cannot change"});
  }
  if (body.contains("type") && StringField(body, "type") != c.type)
    errors.push_back({"type", "The type of a connector cannot change"});
  // An AWS connector keeps its external id: the customer's role trusts exactly that one.
  nlohmann::json patched = body;
  if (c.provider == Provider::kAws) {
    if (!patched.contains("fields") || !patched["fields"].is_object()) patched["fields"] = nlohmann::json::object();
    patched["fields"]["external_id"] = c.fields.value("external_id", NewAwsExternalId());
  }
  Validate(&c, patched, &errors);
  if (!errors.empty()) return FromFieldErrors<Connector>(std::move(errors));
  auto updated = catalog_->UpdateConnector(c);
  if (!updated.ok()) return FromStatus<Connector>(updated.status());
  Registration<Connector> r;
  r.value = std::move(updated).value();
  return r;
}

Registration<SecretInfo> ConnectorRegistry::CreateSecret(const nlohmann::json& body) {
  if (!body.is_object()) return FromStatus<SecretInfo>(Status::InvalidArgument("expected a JSON object"));
  std::vector<FieldError> errors;
  std::string name = TrimmedName(body);
  for (auto& e : ValidateConnectorName(name)) errors.push_back({"name", "Secret name: " + e.message});
  auto provider = ParseProvider(StringField(body, "provider"));
  if (!provider) errors.push_back({"provider", "Cloud Provider must be one of Azure, GCP, OCI"});
  std::string kind = StringField(body, "kind");
  auto kind_provider = ProviderOfSecretKind(kind);
  if (!kind_provider) {
    errors.push_back({"kind", "Unknown secret kind"});
  } else if (provider && *kind_provider != *provider) {
    errors.push_back({"kind", "A " + kind + " secret is for " + ProviderName(*kind_provider)});
  }
  nlohmann::json value = body.contains("value") ? body["value"] : nlohmann::json();
  if (!value.is_object()) {
    errors.push_back({"value", "The secret's value must be an object of its kind's fields"});
  } else if (kind_provider) {
    for (auto& e : ValidateSecretValue(kind, value)) errors.push_back(e);
  }
  if (!errors.empty()) return FromFieldErrors<SecretInfo>(std::move(errors));
  auto created = catalog_->CreateSecret(name, *provider, kind, value);
  if (!created.ok()) return FromStatus<SecretInfo>(created.status());
  Registration<SecretInfo> r;
  r.value = std::move(created).value();
  return r;
}

}  // namespace focusd
