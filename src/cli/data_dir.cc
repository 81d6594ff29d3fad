#include "cli/data_dir.h"

#include <filesystem>

#include "catalog/secret_cipher.h"
#include "cli/commands.h"
#include "core/config.h"

namespace focusd {

Result<OpenedDataDir> OpenDataDir(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Status::IoError("cannot create data dir " + data_dir + ": " + ec.message());
  ASSIGN_OR_RETURN(SecretCipher cipher, SecretCipher::FromEnvironmentOrKeyFile(ProcessEnvironment(), data_dir));
  std::string path = DatabasePath(data_dir);
  auto db = DuckDatabase::Open(path);
  if (!db.ok()) {
    if (db.status().message().find("lock") != std::string::npos)
      return Status::FailedPrecondition(path + " is in use by another focusd process (is `focusd serve` "
                                        "running on this data dir?); stop it or use the API");
    return db.status();
  }
  OpenedDataDir out;
  out.db = *db;
  ASSIGN_OR_RETURN(out.catalog, Catalog::Open(out.db, std::move(cipher)));
  return out;
}

}  // namespace focusd
