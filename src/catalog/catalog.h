// The catalog: connectors, secrets and API tokens, kept in the same embedded DuckDB file as
// the billing data (tables catalog_*). Thread-safe: one connection behind a mutex, since
// catalog traffic is small and DuckDB serializes writers anyway.
//
// Secrets are write-only: values are encrypted with AES-256-GCM under the master key
// (secret_cipher.h) before they reach the database, and the only way back to the plaintext
// is RevealSecret(), which the connectors' runtime uses and the API never calls.
// API tokens are stored as SHA-256 hashes only.
#pragma once

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/secret_cipher.h"
#include "core/status.h"
#include "db/duckdb.h"
#include "providers/provider.h"

namespace focusd {

struct Connector {
  std::string id;            // "con_<16 hex>", assigned by CreateConnector
  std::string name;          // "Billing Connector Identification", unique (case-insensitive)
  std::string type = "FOCUS";
  Provider provider = Provider::kAws;
  nlohmann::json fields = nlohmann::json::object();  // provider fields (AWS: incl. external_id)
  std::optional<std::string> secret_id;
  std::string status = "New";        // New | Healthy | Syncing | Warning | Error
  std::string status_message;
  std::optional<std::string> last_sync_at;   // ISO 8601 UTC
  std::string created_at;                    // ISO 8601 UTC
  std::string updated_at;
};

// The API representation: {"id","name","type","provider","fields","secret_id","status",
// "status_message","last_sync_at","created_at","updated_at"} (nulls for unset optionals).
nlohmann::json ConnectorToJson(const Connector& c);

struct SecretInfo {  // everything about a secret except its value
  std::string id;    // "sec_<16 hex>"
  std::string name;  // unique
  Provider provider = Provider::kAzure;
  std::string kind;  // see providers/secret_kinds.h
  std::string created_at;
  std::vector<std::string> used_by;  // names of connectors that reference it
};

// {"id","name","provider","kind","created_at","used_by":[...]} — never the value.
nlohmann::json SecretInfoToJson(const SecretInfo& s);

class Catalog {
 public:
  // Creates the catalog tables if needed.
  static Result<std::unique_ptr<Catalog>> Open(std::shared_ptr<DuckDatabase> db, SecretCipher cipher);

  // Connectors. Create assigns id and timestamps; a duplicate name is AlreadyExists with
  // field "name". A secret_id must name an existing secret of the same provider (else
  // InvalidArgument with field "secret_id"). Get accepts an id or a name.
  Result<Connector> CreateConnector(Connector c);
  Result<Connector> GetConnector(const std::string& id_or_name);
  Result<std::vector<Connector>> ListConnectors();
  // Replaces name/fields/secret_id/status of the connector with c.id; bumps updated_at.
  Result<Connector> UpdateConnector(const Connector& c);
  // Sets status, message and (when given) last_sync_at, without touching anything else.
  Status SetConnectorStatus(const std::string& id, const std::string& status,
                            const std::string& message, std::optional<std::string> last_sync_at);
  Status DeleteConnector(const std::string& id);

  // Secrets. `value` is the kind's JSON object; it is encrypted before storage.
  // A duplicate name is AlreadyExists with field "name".
  Result<SecretInfo> CreateSecret(const std::string& name, Provider provider, const std::string& kind,
                                  const nlohmann::json& value);
  Result<std::vector<SecretInfo>> ListSecrets();
  Result<SecretInfo> GetSecret(const std::string& id_or_name);
  // Decrypts the value, for a connector's runtime only. Never send it to a client or a log.
  Result<nlohmann::json> RevealSecret(const std::string& id);
  // FailedPrecondition naming the connectors when the secret is in use.
  Status DeleteSecret(const std::string& id);

  // API tokens: CreateToken returns the plaintext once ("fcd_" + 64 hex); only its SHA-256
  // is stored. VerifyToken is true for a live token.
  Result<std::string> CreateToken(const std::string& name);
  Result<bool> VerifyToken(const std::string& token);
  Result<int64_t> TokenCount();

 private:
  Catalog(std::unique_ptr<DuckConnection> conn, SecretCipher cipher);
  std::mutex mu_;
  std::unique_ptr<DuckConnection> conn_;
  SecretCipher cipher_;
};

}  // namespace focusd
