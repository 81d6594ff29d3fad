// Turns a staged table (raw VARCHAR columns as the file has them, see staging.h) into rows of
// the canonical schema (canonical_schema.h), in SQL: DuckDB does the casting in parallel and
// nothing passes through C++ row by row.
//
// What normalizing does, and reports:
//   - "", "NULL" (any case) -> NULL, counted per source column;
//   - timestamps "2024-09-01T00:00:00Z", "2024-09-01 00:00:00", fractional seconds, offsets
//     ("+02:00", Parquet's "+00") -> TIMESTAMP in UTC; US dates "4/1/25" (the specification's
//     own examples use them) -> midnight of that day;
//   - numbers in plain and E notation -> DECIMAL(38,18), never through a binary double;
//     "$50,000.00 " (in the specification's examples) read and counted as non-standard;
//   - enum values differing only in case ("Usage-based") -> canonical spelling, counted;
//     pre-1.0 PricingCategory values On-Demand/Commitment-Based -> Standard/Committed;
//   - pre-1.0 column names -> their 1.0 names; ServiceProviderName/HostProviderName from
//     ProviderName/PublisherName when a file predates 1.3;
//   - provider extension and other non-FOCUS columns -> one JSON object in x_extensions.
// A value that cannot be read as its column's type is an error naming file, row and column.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "db/duckdb.h"
#include "focus/shared_scan.h"
#include "focus/staging.h"

namespace focusd {

struct NormalizeReport {
  std::vector<std::string> renamed;          // "ChargeType -> ChargeCategory"
  std::vector<std::string> missing;          // canonical columns the files lack (stored NULL)
  std::vector<std::string> extensions;       // source columns kept in x_extensions
  std::map<std::string, int64_t> null_like;  // source column -> "" / "NULL" values read as NULL
  std::map<std::string, int64_t> enum_recased;  // canonical column -> values re-spelled
  // canonical column -> values read from a non-standard form: "$1,000.00", "4/1/25",
  // "T30:00:00" (hours carried into the next day)
  std::map<std::string, int64_t> nonstandard;
};

struct NormalizedTable {
  // A temporary view over the staged table: every canonical column (canonical order), then
  // x_extensions VARCHAR (JSON object or NULL) and _file VARCHAR.
  std::string view;
  NormalizeReport report;
};

// The aggregates of the normalizer's one pass over the staged rows (its profile), for another
// scan of them to take along (the validator's, see importer.cc). Prepares `conn` for their SQL
// (the session time zone, the focusd_decimal function).
Result<SharedScan> NormalizerProfile(DuckConnection& conn, const StagedFiles& staged);

// `scanned`: the profile as another scan took it; without its result, Normalize scans itself.
Result<NormalizedTable> Normalize(DuckConnection& conn, const StagedFiles& staged,
                                  const std::string& view, const SharedScan* scanned = nullptr);

}  // namespace focusd
