// The database a sync test runs on: a DuckDB file in `dir` with the catalog (a fixed test
// master key) and the sync store opened on it, as `focusd serve` opens them.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "db/duckdb.h"
#include "sync/sync_store.h"

namespace focusd::testing {

struct SyncTestDatabase {
  std::shared_ptr<DuckDatabase> db;
  std::unique_ptr<Catalog> catalog;
  std::unique_ptr<SyncStore> store;
};

SyncTestDatabase OpenSyncTestDatabase(const std::filesystem::path& dir);

// The first column of the first row of `sql` as text ("" when there is no row); a failing
// query fails the test.
std::string QueryText(DuckDatabase& db, const std::string& sql);

}  // namespace focusd::testing
