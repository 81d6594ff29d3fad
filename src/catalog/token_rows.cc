// Catalog: API tokens. A token is shown once at creation; the catalog keeps only its
// SHA-256, so a copy of the database does not hand out working tokens.
#include <openssl/evp.h>

#include <string_view>

#include "catalog/catalog.h"
#include "core/random.h"
#include "core/time.h"

namespace focusd {
namespace {

constexpr std::string_view kTokenPrefix = "fcd_";
constexpr size_t kTokenHexChars = 64;

Result<std::string> Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) != 1)
    return Status::Internal("SHA-256 failed");
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

bool WellFormed(std::string_view token) {
  if (token.size() != kTokenPrefix.size() + kTokenHexChars || token.substr(0, kTokenPrefix.size()) != kTokenPrefix)
    return false;
  for (char c : token.substr(kTokenPrefix.size()))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

Result<std::string> Catalog::CreateToken(const std::string& name) {
  if (name.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::InvalidArgument("name is required", "name");
  std::string token = std::string(kTokenPrefix) + RandomHex(kTokenHexChars / 2);
  ASSIGN_OR_RETURN(std::string hash, Sha256Hex(token));
  std::lock_guard<std::mutex> lock(mu_);
  auto r = conn_->Query("INSERT INTO catalog_tokens (id, name, sha256, created_at) VALUES (?, ?, ?, ?)",
                        {RandomId("tok"), name, hash, NowIso8601()});
  if (!r.ok()) return r.status().WithContext("cannot save token " + name);
  return token;
}

Result<bool> Catalog::VerifyToken(const std::string& token) {
  // Malformed input never reaches the database.
  if (!WellFormed(token)) return false;
  ASSIGN_OR_RETURN(std::string hash, Sha256Hex(token));
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(DuckResult r, conn_->Query("SELECT count(*) FROM catalog_tokens WHERE sha256 = ?", {hash}));
  return r.Int(0, 0) > 0;
}

Result<int64_t> Catalog::TokenCount() {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(DuckResult r, conn_->Query("SELECT count(*) FROM catalog_tokens"));
  return r.Int(0, 0);
}

}  // namespace focusd
