// Whether a gzip file is complete. DuckDB's CSV reader decodes a cut gzip stream up to the
// cut without complaint when the cut falls on a line boundary (a download that stopped early
// would import as a shorter month), so every gzip file is inflated to its end marker and
// checked (CRC and length) while DuckDB reads it.
#pragma once

#include <string>

#include "core/status.h"

namespace focusd {

// OK if every gzip member of `path` is complete and its CRC matches; DataLoss naming the
// file otherwise.
Status CheckGzipIntact(const std::string& path);

}  // namespace focusd
