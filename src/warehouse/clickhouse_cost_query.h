// Cost queries (cost_query.h) on ClickHouse: the same CostQuery, the same CostResult, the same
// rows in the same order as on DuckDB. ClickHouse 18.16's HTTP interface has no bound
// parameters, so user values become literals through ClickHouseQuote (every backslash, quote
// and control character escaped); dimensions and metrics still come from fixed lists.
// The connector -> provider names of the catalog (in DuckDB) are inlined into the query.
#pragma once

#include <map>
#include <string>

#include "core/status.h"
#include "db/duckdb.h"
#include "warehouse/clickhouse_client.h"
#include "warehouse/cost_query.h"

namespace focusd {

using ProviderNames = std::map<std::string, std::string>;  // connector id -> provider

// The catalog's connector providers (empty when `conn` has no catalog_connectors table).
Result<ProviderNames> CatalogProviders(DuckConnection& conn);

Result<std::string> BuildClickHouseCostSql(const CostQuery& q, const ProviderNames& providers);
Result<std::string> BuildClickHouseTotalsSql(const CostQuery& q, const ProviderNames& providers);

Result<CostResult> RunClickHouseCostQuery(ClickHouseClient& ch, const ProviderNames& providers, const CostQuery& q);

}  // namespace focusd
