// Demo billing data for `make run`: three months of FOCUS 1.2 rows per demo connector, in
// each provider's own vocabulary (services, regions, accounts), written as Parquet files and
// loaded through the FOCUS engine (validate, normalize, atomic period replace) exactly as
// `focusd import` loads files. The demo connectors' clouds are not reachable, so this stands
// in for their first sync.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/time.h"
#include "db/duckdb.h"

namespace focusd {

// Loads the demo months (the current one and the 2 before `now`) for each connector.
// `work_dir` holds the generated files while they load. Returns the rows loaded.
Result<int64_t> LoadDemoBilling(std::shared_ptr<DuckDatabase> db, const std::vector<Connector>& connectors,
                                const std::string& work_dir, TimePoint now);

}  // namespace focusd
