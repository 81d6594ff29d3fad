// Opens a focusd data directory: creates it, loads the master key, opens the embedded
// database and the catalog. Shared by `serve` and the commands that work on a data dir
// directly (`token create`, `import`).
#pragma once

#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "db/duckdb.h"

namespace focusd {

struct OpenedDataDir {
  std::shared_ptr<DuckDatabase> db;
  std::unique_ptr<Catalog> catalog;
};

// A database held by a running server is a clear FailedPrecondition, not DuckDB's lock text.
Result<OpenedDataDir> OpenDataDir(const std::string& data_dir);

}  // namespace focusd
