// The kinds of secret a connector can use, their input fields and their validation.
//
//   provider  kind                      value fields
//   Azure     azure_service_principal   tenant_id, client_id, client_secret
//   Azure     azure_storage_key         account_key (base64, 64 bytes)
//   Azure     azure_sas                 sas_token (a SAS query string with sv= and sig=)
//   GCP       gcp_service_account       key_json (the service account JSON key file's text)
//   OCI       oci_api_key               tenancy_ocid, user_ocid, fingerprint, private_key (PEM),
//                                       passphrase (optional), region
//
// Schema JSON (GET /api/v1/providers/{provider}/secret-kinds):
// [{"kind": "azure_service_principal", "label": "Service principal",
//   "fields": [{"key": "tenant_id", "label": "Tenant ID", "help": "...",
//               "type": "text" | "password" | "textarea", "required": true}]}]
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "providers/provider.h"

namespace focusd {

// The secret kinds a provider accepts (empty for AWS: it uses a role, not a secret).
std::vector<std::string> SecretKindsFor(Provider p);
nlohmann::json SecretKindSchemas(Provider p);
// The provider a kind belongs to, or nullopt for an unknown kind.
std::optional<Provider> ProviderOfSecretKind(const std::string& kind);

// Validates a secret's value for its kind. Error fields are the value keys
// ("client_secret", "key_json", ...); messages never echo the value.
std::vector<FieldError> ValidateSecretValue(const std::string& kind, const nlohmann::json& value);

}  // namespace focusd
