#include "support/sync_test_database.h"

#include <gtest/gtest.h>

namespace focusd::testing {

SyncTestDatabase OpenSyncTestDatabase(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  SyncTestDatabase out;
  out.db = *DuckDatabase::Open((dir / "focusd.duckdb").string());
  out.catalog = std::move(*Catalog::Open(out.db, *SecretCipher::FromKey(SecretString(std::string(64, 'a')))));
  out.store = std::move(*SyncStore::Open(out.db));
  return out;
}

std::string QueryText(DuckDatabase& db, const std::string& sql) {
  auto conn = *db.Connect();
  auto r = conn->Query(sql);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() && r->row_count() ? r->Text(0, 0) : "";
}

}  // namespace focusd::testing
