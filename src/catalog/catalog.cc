#include "catalog/catalog.h"

#include <map>

#include "catalog/catalog_rows.h"

namespace focusd {
namespace catalog_rows {

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

Status CreateTables(DuckConnection& conn) {
  // Times are ISO 8601 UTC text, which sorts chronologically and reads back unchanged.
  // No foreign keys: DuckDB turns updates of referenced rows into delete+insert and would
  // refuse them; the catalog checks references itself under its mutex.
  return conn.Execute(R"sql(
    CREATE TABLE IF NOT EXISTS catalog_secrets (
      id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL UNIQUE,
      provider VARCHAR NOT NULL,
      kind VARCHAR NOT NULL,
      ciphertext BLOB NOT NULL,          -- SecretCipher output, aad = id
      created_at VARCHAR NOT NULL);
    CREATE TABLE IF NOT EXISTS catalog_connectors (
      id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      name_lower VARCHAR NOT NULL UNIQUE,
      type VARCHAR NOT NULL,
      provider VARCHAR NOT NULL,
      fields VARCHAR NOT NULL,           -- JSON object
      secret_id VARCHAR,
      status VARCHAR NOT NULL,
      status_message VARCHAR NOT NULL,
      last_sync_at VARCHAR,
      created_at VARCHAR NOT NULL,
      updated_at VARCHAR NOT NULL);
    CREATE TABLE IF NOT EXISTS catalog_tokens (
      id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      sha256 VARCHAR NOT NULL UNIQUE,    -- hex digest; the token itself is never stored
      created_at VARCHAR NOT NULL);
  )sql");
}

Result<std::vector<Connector>> SelectConnectors(DuckConnection& conn, const std::string& where,
                                                const std::vector<DuckParam>& params) {
  ASSIGN_OR_RETURN(DuckResult r,
                   conn.Query("SELECT id, name, type, provider, fields, secret_id, status, status_message, "
                              "last_sync_at, created_at, updated_at FROM catalog_connectors WHERE " +
                                  where + " ORDER BY name_lower",
                              params));
  std::vector<Connector> out;
  out.reserve(r.row_count());
  for (size_t i = 0; i < r.row_count(); ++i) {
    Connector c;
    c.id = r.Text(i, 0);
    c.name = r.Text(i, 1);
    c.type = r.Text(i, 2);
    auto provider = ParseProvider(r.Text(i, 3));
    if (!provider) return Status::DataLoss("connector " + c.id + " has an unknown provider in the catalog");
    c.provider = *provider;
    try {
      c.fields = nlohmann::json::parse(r.Text(i, 4));
    } catch (const nlohmann::json::exception&) {
      return Status::DataLoss("connector " + c.id + " has unreadable fields in the catalog");
    }
    c.secret_id = r.Get(i, 5);
    c.status = r.Text(i, 6);
    c.status_message = r.Text(i, 7);
    c.last_sync_at = r.Get(i, 8);
    c.created_at = r.Text(i, 9);
    c.updated_at = r.Text(i, 10);
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<SecretInfo>> SelectSecrets(DuckConnection& conn, const std::string& where,
                                              const std::vector<DuckParam>& params) {
  ASSIGN_OR_RETURN(DuckResult r, conn.Query("SELECT id, name, provider, kind, created_at FROM catalog_secrets "
                                            "WHERE " + where + " ORDER BY name",
                                            params));
  std::vector<SecretInfo> out;
  out.reserve(r.row_count());
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < r.row_count(); ++i) {
    SecretInfo s;
    s.id = r.Text(i, 0);
    s.name = r.Text(i, 1);
    auto provider = ParseProvider(r.Text(i, 2));
    if (!provider) return Status::DataLoss("secret " + s.id + " has an unknown provider in the catalog");
    s.provider = *provider;
    s.kind = r.Text(i, 3);
    s.created_at = r.Text(i, 4);
    index[s.id] = out.size();
    out.push_back(std::move(s));
  }
  if (out.empty()) return out;
  ASSIGN_OR_RETURN(DuckResult users, conn.Query("SELECT secret_id, name FROM catalog_connectors "
                                                "WHERE secret_id IS NOT NULL ORDER BY name_lower"));
  for (size_t i = 0; i < users.row_count(); ++i) {
    auto it = index.find(users.Text(i, 0));
    if (it != index.end()) out[it->second].used_by.push_back(users.Text(i, 1));
  }
  return out;
}

bool IsUniqueViolation(const Status& s) {
  const std::string& m = s.message();
  return m.find("Duplicate key") != std::string::npos || m.find("unique constraint") != std::string::npos;
}

}  // namespace catalog_rows

namespace {
nlohmann::json OptionalJson(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json ConnectorToJson(const Connector& c) {
  return nlohmann::json{{"id", c.id},
                        {"name", c.name},
                        {"type", c.type},
                        {"provider", ProviderName(c.provider)},
                        {"fields", c.fields},
                        {"secret_id", OptionalJson(c.secret_id)},
                        {"status", c.status},
                        {"status_message", c.status_message},
                        {"last_sync_at", OptionalJson(c.last_sync_at)},
                        {"created_at", c.created_at},
                        {"updated_at", c.updated_at}};
}

nlohmann::json SecretInfoToJson(const SecretInfo& s) {
  return nlohmann::json{{"id", s.id},
                        {"name", s.name},
                        {"provider", ProviderName(s.provider)},
                        {"kind", s.kind},
                        {"created_at", s.created_at},
                        {"used_by", s.used_by}};
}

Catalog::Catalog(std::unique_ptr<DuckConnection> conn, SecretCipher cipher)
    : conn_(std::move(conn)), cipher_(std::move(cipher)) {}

Result<std::unique_ptr<Catalog>> Catalog::Open(std::shared_ptr<DuckDatabase> db, SecretCipher cipher) {
  if (!db) return Status::Internal("catalog: no database");
  ASSIGN_OR_RETURN(std::unique_ptr<DuckConnection> conn, db->Connect());
  Status s = catalog_rows::CreateTables(*conn);
  if (!s.ok()) return s.WithContext("cannot create catalog tables in " + db->path());
  return std::unique_ptr<Catalog>(new Catalog(std::move(conn), std::move(cipher)));
}

}  // namespace focusd
