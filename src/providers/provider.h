// The four cloud providers a FOCUS connector can read from, and the shape of a field error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace focusd {

enum class Provider { kAws, kAzure, kGcp, kOci };

// "AWS", "Azure", "GCP", "OCI": the names the API, CLI and UI use.
const char* ProviderName(Provider p);
// Case-insensitive; nullopt for anything else.
std::optional<Provider> ParseProvider(std::string_view name);
const std::vector<Provider>& AllProviders();

// A validation error about one input field. `field` is the key the API/UI uses
// ("name", "secret_id", "account_id", "bucket", ...); `message` is for a person and never
// contains a secret's value.
struct FieldError {
  std::string field;
  std::string message;
};

}  // namespace focusd
