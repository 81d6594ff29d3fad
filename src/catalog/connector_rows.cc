// Catalog: the connector rows.
#include <array>
#include <string_view>

#include "catalog/catalog.h"
#include "catalog/catalog_rows.h"
#include "core/random.h"
#include "core/time.h"

namespace focusd {
namespace {

using catalog_rows::LowerAscii;

constexpr std::array<std::string_view, 5> kStatuses = {"New", "Healthy", "Syncing", "Warning", "Error"};

Status CheckStatus(const std::string& status) {
  for (auto s : kStatuses)
    if (s == status) return Status::Ok();
  return Status::InvalidArgument("status must be one of New, Healthy, Syncing, Warning, Error", "status");
}

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// The checks that need no database: the caller validated the provider fields already
// (providers/connector_schema.h), the catalog only guards what it relies on.
Status CheckShape(const Connector& c) {
  if (Blank(c.name)) return Status::InvalidArgument("name is required", "name");
  if (Blank(c.type)) return Status::InvalidArgument("type is required", "type");
  if (!c.fields.is_object()) return Status::InvalidArgument("fields must be a JSON object", "fields");
  return CheckStatus(c.status);
}

Result<std::string> DumpFields(const nlohmann::json& fields) {
  try {
    return fields.dump();
  } catch (const nlohmann::json::exception&) {
    return Status::InvalidArgument("fields contain text that is not valid UTF-8", "fields");
  }
}

Status DuplicateName(const std::string& name) {
  return Status::AlreadyExists("a connector named \"" + name + "\" already exists", "name");
}

// AlreadyExists when another connector (not `self_id`) has this name, ignoring case.
Status CheckNameFree(DuckConnection& conn, const std::string& name, const std::string& self_id) {
  ASSIGN_OR_RETURN(DuckResult r, conn.Query("SELECT count(*) FROM catalog_connectors "
                                            "WHERE name_lower = ? AND id <> ?",
                                            {LowerAscii(name), self_id}));
  if (r.Int(0, 0) > 0) return DuplicateName(name);
  return Status::Ok();
}

// A connector may only point at an existing secret of its own provider.
Status CheckSecretRef(DuckConnection& conn, const std::optional<std::string>& secret_id, Provider provider) {
  if (!secret_id) return Status::Ok();
  ASSIGN_OR_RETURN(DuckResult r,
                   conn.Query("SELECT provider FROM catalog_secrets WHERE id = ?", {*secret_id}));
  if (r.row_count() == 0)
    return Status::InvalidArgument("secret " + *secret_id + " does not exist", "secret_id");
  if (r.Text(0, 0) != ProviderName(provider))
    return Status::InvalidArgument("secret " + *secret_id + " belongs to provider " + r.Text(0, 0) +
                                       ", not " + ProviderName(provider),
                                   "secret_id");
  return Status::Ok();
}

Result<Connector> FindConnector(DuckConnection& conn, const std::string& id_or_name) {
  ASSIGN_OR_RETURN(auto found, catalog_rows::SelectConnectors(conn, "id = ? OR name_lower = ?",
                                                              {id_or_name, LowerAscii(id_or_name)}));
  if (found.empty()) return Status::NotFound("connector " + id_or_name + " not found");
  // An id never collides with a name in practice, but prefer the id if it ever did.
  for (auto& c : found)
    if (c.id == id_or_name) return std::move(c);
  return std::move(found.front());
}

// Forms send "" for "no secret": treat it as none rather than as a secret named "".
void NormalizeSecretRef(Connector* c) {
  if (c->secret_id && c->secret_id->empty()) c->secret_id.reset();
}

DuckParam OptionalParam(const std::optional<std::string>& v) {
  return v ? DuckParam(*v) : DuckParam(nullptr);
}

}  // namespace

Result<Connector> Catalog::CreateConnector(Connector c) {
  NormalizeSecretRef(&c);
  RETURN_IF_ERROR(CheckShape(c));
  ASSIGN_OR_RETURN(std::string fields, DumpFields(c.fields));
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(CheckNameFree(*conn_, c.name, ""));
  RETURN_IF_ERROR(CheckSecretRef(*conn_, c.secret_id, c.provider));
  c.id = RandomId("con");
  c.created_at = c.updated_at = NowIso8601();
  auto r = conn_->Query(
      "INSERT INTO catalog_connectors (id, name, name_lower, type, provider, fields, secret_id, status, "
      "status_message, last_sync_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {c.id, c.name, LowerAscii(c.name), c.type, std::string(ProviderName(c.provider)), fields,
       OptionalParam(c.secret_id), c.status, c.status_message, OptionalParam(c.last_sync_at), c.created_at,
       c.updated_at});
  if (!r.ok()) {
    if (catalog_rows::IsUniqueViolation(r.status())) return DuplicateName(c.name);
    return r.status().WithContext("cannot save connector " + c.name);
  }
  return c;
}

Result<Connector> Catalog::GetConnector(const std::string& id_or_name) {
  std::lock_guard<std::mutex> lock(mu_);
  return FindConnector(*conn_, id_or_name);
}

Result<std::vector<Connector>> Catalog::ListConnectors() {
  std::lock_guard<std::mutex> lock(mu_);
  return catalog_rows::SelectConnectors(*conn_, "true", {});
}

Result<Connector> Catalog::UpdateConnector(const Connector& c) {
  std::lock_guard<std::mutex> lock(mu_);
  // By id only: a name could match a different connector than the one being edited.
  ASSIGN_OR_RETURN(auto rows, catalog_rows::SelectConnectors(*conn_, "id = ?", {c.id}));
  if (rows.empty()) return Status::NotFound("connector " + c.id + " not found");
  const Connector& current = rows.front();
  // Provider and type are fixed at creation: the fields and the secret belong to them.
  Connector next = current;
  next.name = c.name;
  next.fields = c.fields;
  next.secret_id = c.secret_id;
  next.status = c.status;
  NormalizeSecretRef(&next);
  RETURN_IF_ERROR(CheckShape(next));
  ASSIGN_OR_RETURN(std::string fields, DumpFields(next.fields));
  RETURN_IF_ERROR(CheckNameFree(*conn_, next.name, next.id));
  RETURN_IF_ERROR(CheckSecretRef(*conn_, next.secret_id, next.provider));
  next.updated_at = NowIso8601();
  auto r = conn_->Query(
      "UPDATE catalog_connectors SET name = ?, name_lower = ?, fields = ?, secret_id = ?, status = ?, "
      "updated_at = ? WHERE id = ?",
      {next.name, LowerAscii(next.name), fields, OptionalParam(next.secret_id), next.status, next.updated_at,
       next.id});
  if (!r.ok()) {
    if (catalog_rows::IsUniqueViolation(r.status())) return DuplicateName(next.name);
    return r.status().WithContext("cannot update connector " + next.id);
  }
  return next;
}

Status Catalog::SetConnectorStatus(const std::string& id, const std::string& status, const std::string& message,
                                   std::optional<std::string> last_sync_at) {
  RETURN_IF_ERROR(CheckStatus(status));
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(DuckResult r,
                   conn_->Query("UPDATE catalog_connectors SET status = ?, status_message = ?, "
                                "last_sync_at = coalesce(?, last_sync_at) WHERE id = ? RETURNING id",
                                {status, message, OptionalParam(last_sync_at), id}));
  if (r.row_count() == 0) return Status::NotFound("connector " + id + " not found");
  return Status::Ok();
}

Status Catalog::DeleteConnector(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(DuckResult r, conn_->Query("DELETE FROM catalog_connectors WHERE id = ? RETURNING id", {id}));
  if (r.row_count() == 0) return Status::NotFound("connector " + id + " not found");
  return Status::Ok();
}

}  // namespace focusd
