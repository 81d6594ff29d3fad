// Catalog: the secret rows. A value is serialized, encrypted under the master key with the
// secret's id as associated data, and stored as a BLOB; it leaves the catalog only through
// RevealSecret. No message built here contains a value.
#include <string_view>

#include "catalog/catalog.h"
#include "catalog/catalog_rows.h"
#include "core/random.h"
#include "core/secret_string.h"
#include "core/time.h"

namespace focusd {
namespace {

// DuckParam has no BLOB type: the ciphertext travels as hex through unhex()/hex().
std::string ToHex(std::string_view bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = HexDigit(hex[2 * i]), lo = HexDigit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<char>(hi << 4 | lo);
  }
  return out;
}

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

Result<SecretInfo> FindSecret(DuckConnection& conn, const std::string& id_or_name) {
  ASSIGN_OR_RETURN(auto found, catalog_rows::SelectSecrets(conn, "id = ? OR name = ?", {id_or_name, id_or_name}));
  if (found.empty()) return Status::NotFound("secret " + id_or_name + " not found");
  for (auto& s : found)
    if (s.id == id_or_name) return std::move(s);
  return std::move(found.front());
}

Status DuplicateName(const std::string& name) {
  return Status::AlreadyExists("a secret named \"" + name + "\" already exists", "name");
}

}  // namespace

Result<SecretInfo> Catalog::CreateSecret(const std::string& name, Provider provider, const std::string& kind,
                                         const nlohmann::json& value) {
  if (Blank(name)) return Status::InvalidArgument("name is required", "name");
  if (Blank(kind)) return Status::InvalidArgument("kind is required", "kind");
  if (!value.is_object()) return Status::InvalidArgument("value must be a JSON object", "value");
  SecretString plaintext;
  try {
    plaintext = SecretString(value.dump());
  } catch (const nlohmann::json::exception&) {
    // nlohmann's message quotes the offending byte: say only what is wrong.
    return Status::InvalidArgument("value contains text that is not valid UTF-8", "value");
  }

  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(DuckResult existing, conn_->Query("SELECT count(*) FROM catalog_secrets WHERE name = ?", {name}));
  if (existing.Int(0, 0) > 0) return DuplicateName(name);

  SecretInfo info;
  info.id = RandomId("sec");
  info.name = name;
  info.provider = provider;
  info.kind = kind;
  info.created_at = NowIso8601();
  ASSIGN_OR_RETURN(std::string ciphertext, cipher_.Encrypt(plaintext.Reveal(), info.id));
  auto r = conn_->Query(
      "INSERT INTO catalog_secrets (id, name, provider, kind, ciphertext, created_at) "
      "VALUES (?, ?, ?, ?, unhex(?), ?)",
      {info.id, info.name, std::string(ProviderName(provider)), info.kind, ToHex(ciphertext), info.created_at});
  if (!r.ok()) {
    if (catalog_rows::IsUniqueViolation(r.status())) return DuplicateName(name);
    return r.status().WithContext("cannot save secret " + name);
  }
  return info;
}

Result<std::vector<SecretInfo>> Catalog::ListSecrets() {
  std::lock_guard<std::mutex> lock(mu_);
  return catalog_rows::SelectSecrets(*conn_, "true", {});
}

Result<SecretInfo> Catalog::GetSecret(const std::string& id_or_name) {
  std::lock_guard<std::mutex> lock(mu_);
  return FindSecret(*conn_, id_or_name);
}

Result<nlohmann::json> Catalog::RevealSecret(const std::string& id) {
  std::string stored_hex;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ASSIGN_OR_RETURN(DuckResult r, conn_->Query("SELECT hex(ciphertext) FROM catalog_secrets WHERE id = ?", {id}));
    if (r.row_count() == 0) return Status::NotFound("secret " + id + " not found");
    stored_hex = r.Text(0, 0);
  }
  auto ciphertext = FromHex(stored_hex);
  if (!ciphertext) return Status::DataLoss("secret " + id + " is stored in an unreadable form");
  auto decrypted = cipher_.Decrypt(*ciphertext, id);
  if (!decrypted.ok()) return decrypted.status().WithContext("secret " + id);
  SecretString plaintext(std::move(decrypted).value());
  try {
    return nlohmann::json::parse(plaintext.Reveal());
  } catch (const nlohmann::json::exception&) {
    // Never pass on the parser's message: it quotes the text it choked on.
    return Status::DataLoss("secret " + id + " decrypted to something that is not JSON");
  }
}

Status Catalog::DeleteSecret(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(auto found, catalog_rows::SelectSecrets(*conn_, "id = ?", {id}));
  if (found.empty()) return Status::NotFound("secret " + id + " not found");
  const SecretInfo& s = found.front();
  if (!s.used_by.empty()) {
    std::string names;
    for (const auto& n : s.used_by) names += (names.empty() ? "" : ", ") + n;
    return Status::FailedPrecondition("secret \"" + s.name + "\" is used by connector" +
                                      (s.used_by.size() > 1 ? "s " : " ") + names +
                                      "; change or delete them first");
  }
  RETURN_IF_ERROR(conn_->Query("DELETE FROM catalog_secrets WHERE id = ?", {id}).status());
  return Status::Ok();
}

}  // namespace focusd
