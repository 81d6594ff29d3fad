// One schema per provider describes the connector form: each field's key, label, help text,
// type, rule and group. The API serves it, the UI renders the form from it and the server
// validates with the same rules, so UI, API and CLI cannot disagree.
//
// Schema JSON (GET /api/v1/providers/{provider}/schema):
// {
//   "provider": "AWS", "type": "FOCUS",
//   "needs_secret": false, "secret_kinds": [],           // kinds from secret_kinds.h
//   "groups": [{"id": "connector", "label": ""},
//              {"id": "daily_query", "label": "Data source for daily query"}, ...],
//   "fields": [
//     {"key": "name", "label": "Billing Connector Identification",
//      "help": "Enter the name that identifies the billing connector",
//      "type": "text" | "select" | "secret" | "readonly",
//      "required": true, "group": "connector",
//      "pattern": "^...$",            // optional; the same rule the server applies
//      "min_length": 1, "max_length": 100,   // optional
//      "options": [{"value": "parquet", "label": "Parquet"}],   // for select
//      "default": "...",              // optional
//      "placeholder": "..."}          // optional
//   ]
// }
// Keys "name" and "secret_id" are top-level attributes of a connector; every other key lives
// in the connector's "fields" object.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "providers/provider.h"

namespace focusd {

nlohmann::json ConnectorFieldSchema(Provider p);

// Validates a connector's name (1-100 chars; letters, digits, space, '-', '_', '.').
std::vector<FieldError> ValidateConnectorName(const std::string& name);

// Validates and normalizes the provider fields of a connector in place: trims strings,
// applies defaults (AWS role_name = "focusd-billing-reader", AWS file_type = "parquet", Azure
// region = "Default"), drops unknown keys, and checks each rule. AWS external_id must be
// present and well-formed (see NewAwsExternalId). Other normalizations: trailing '/' of
// paths removed, AWS account "1234-5678-9012" -> "123456789012", GCP billing account
// upper-cased, select values matched case-insensitively. Names that must be lowercase are
// reported, never lowercased. The field rules themselves are in field_rules.h.
// Returns one FieldError per bad field (empty when valid). Does not check secret_id.
std::vector<FieldError> ValidateConnectorFields(Provider p, nlohmann::json* fields);

// A fresh external id for an AWS connector's role trust policy: "focusd-" + 32 hex chars.
std::string NewAwsExternalId();

}  // namespace focusd
