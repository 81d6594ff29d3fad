// Counts the data rows of a downloaded export file with DuckDB (gzip CSV, CSV, Parquet), so
// a fetch can hold them against the manifest's dataRowCount before anything is loaded.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "db/duckdb.h"
#include "focus/staging.h"

namespace focusd {

// Data rows (header excluded). A file DuckDB cannot read is kDataLoss naming it.
Result<int64_t> CountExportFileRows(DuckConnection& conn, const std::string& path, FileFormat format);

}  // namespace focusd
