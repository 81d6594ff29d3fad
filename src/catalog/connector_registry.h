// The rules for registering connectors and secrets, shared by the REST API and the demo
// seeding: parse the JSON a client sent, validate every field against the provider's schema
// (collecting all errors, so a form can show them all at once), check the secret reference,
// then store through the Catalog.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "providers/provider.h"

namespace focusd {

// A failed registration: the Status (InvalidArgument for field errors, AlreadyExists for a
// duplicate name, NotFound, ...) and, for validation failures, every field's error.
struct RegistrationError {
  Status status;
  std::vector<FieldError> fields;
};

template <typename T>
struct Registration {
  std::optional<T> value;
  RegistrationError error;
  bool ok() const { return value.has_value(); }
};

class ConnectorRegistry {
 public:
  explicit ConnectorRegistry(Catalog* catalog) : catalog_(catalog) {}

  // body: {"name", "type", "provider", "fields": {...}, "secret_id"}.
  Registration<Connector> Create(const nlohmann::json& body);
  // Validates a create body without storing it (for "test connection" before Save).
  Registration<Connector> Check(const nlohmann::json& body);
  // Same body; provider and type cannot change.
  Registration<Connector> Update(const std::string& id, const nlohmann::json& body);
  // body: {"name", "provider", "kind", "value": {...}}.
  Registration<SecretInfo> CreateSecret(const nlohmann::json& body);

 private:
  // Validates name, provider fields and secret reference of `c` into `errors`.
  void Validate(Connector* c, const nlohmann::json& body, std::vector<FieldError>* errors);
  Catalog* catalog_;
};

}  // namespace focusd
