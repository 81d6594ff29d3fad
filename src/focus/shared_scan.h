// SharedScan: aggregates one scan of the staged rows takes on behalf of a later pass, so that
// an import reads its rows once for both the validator's counts and the normalizer's profile,
// and counts what both need (null-like text) once. The predicates, more than the reading, are
// what such a scan costs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/duckdb.h"

namespace focusd {

struct SharedScan {
  // Columns the scanned relation must add, as ", <expr> AS <alias>" items over the staged
  // table's own columns (and _file, _row). The aliases start with "__focusd_norm_", which no
  // other reader of the staged rows uses.
  std::string projection;
  // Aggregates over the projection's aliases and _file, _row.
  std::vector<std::string> aggregates;
  // Staged column -> index in `aggregates` of its count of null-like text (NullLikeText,
  // staging.h): a scan that counts those itself need not count them twice.
  std::map<std::string, size_t> null_like_aggregates;
  // Filled by the scan that took them: one row, count(*) then each aggregate's value.
  std::optional<DuckResult> result;
};

// The one-row result of `aggregates`, out of a wider scan result whose columns
// [first, first + aggregates.size()) hold them and whose column 0 is count(*).
DuckResult SharedScanResult(const DuckResult& scan, size_t first, size_t count);

}  // namespace focusd
