// The JSON body of GET /api/v1/costs:
//   {"metric", "dimensions", "currency_note", "rows": [{"currency", <dimension>: value|null,
//    "cost"}], "totals": [{"currency", "cost", "rows"}], "truncated"}
// written straight into one string: a result can hold thousands of rows, and building a JSON
// tree of them first cost more than the query itself (bench/query_bench).
#pragma once

#include <string>

#include "warehouse/cost_query.h"

namespace focusd {

std::string CostResultJson(const CostResult& r);

}  // namespace focusd
