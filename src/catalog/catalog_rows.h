// Internal to the catalog: how rows of the catalog_* tables map to Connector/SecretInfo, and
// the lookups several catalog files share. Callers hold the catalog's mutex.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "db/duckdb.h"

namespace focusd::catalog_rows {

// Connector names are unique without regard to ASCII case: "Prod AWS" and "prod aws" clash.
std::string LowerAscii(std::string_view s);

// Creates the catalog tables if they do not exist yet.
Status CreateTables(DuckConnection& conn);

// Connectors matching `where` (SQL after WHERE, with `?` parameters), ordered by name.
Result<std::vector<Connector>> SelectConnectors(DuckConnection& conn, const std::string& where,
                                                const std::vector<DuckParam>& params);
// Secrets matching `where`, ordered by name, with used_by filled in.
Result<std::vector<SecretInfo>> SelectSecrets(DuckConnection& conn, const std::string& where,
                                              const std::vector<DuckParam>& params);

// True when a DuckDB error is a UNIQUE/PRIMARY KEY violation (a race the checks before the
// insert could not see, e.g. another process sharing the file).
bool IsUniqueViolation(const Status& s);

}  // namespace focusd::catalog_rows
