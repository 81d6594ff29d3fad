// The whole path from FOCUS files on local disk to stored rows, shared by every connector and
// by `focusd import`: stage (staging.h) -> validate (a hook, see below) -> normalize
// (normalizer.h) -> replace the (connector, billing period) keys in the warehouse.
// On any error nothing already stored changes, and the error names the file (and row).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "db/duckdb.h"
#include "focus/normalizer.h"
#include "focus/shared_scan.h"
#include "focus/staging.h"
#include "warehouse/warehouse.h"

namespace focusd {

// Runs over the staged table before anything is normalized or stored; an error refuses the
// import (e.g. the FOCUS validator finding errors). Capture a summary in the closure. `shared`
// is the normalizer's profile: a hook that scans the staged rows takes it along (pass it as
// ValidatorOptions::shared) and the import reads them once less.
using ValidationHook = std::function<Status(DuckConnection&, const StagedFiles&, SharedScan* shared)>;

struct ImportOptions {
  std::string connector;                      // the key's connector part
  std::optional<FocusVersion> declared_version;  // nullopt: detect from the columns
  FileFormat format = FileFormat::kAuto;
  ValidationHook validate;                    // optional
  LoadOptions load;                           // test hooks of the warehouse load
};

struct ImportResult {
  StagedFiles staged;
  NormalizeReport normalize;
  LoadResult load;
};

// `conn` is the connection `warehouse` writes through (DuckDbWarehouse over the same one).
Result<ImportResult> ImportFiles(DuckConnection& conn, Warehouse& warehouse,
                                 const std::vector<std::string>& paths,
                                 const ImportOptions& options);

}  // namespace focusd
