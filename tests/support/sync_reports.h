// Reading what the sync API answers, for the end-to-end tests: a run's totals per billing
// period, and the failing step of a test-connection report.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "support/focusd_process.h"

namespace focusd::testing {

// POST /api/v1/connectors/{id}/sync?wait=true on `server`: the finished run's record.
nlohmann::json SyncAndWait(FocusdProcess& server, const std::string& connector_id);

// period -> "rows/billed cost" from a run record, the cost without trailing zeros
// ("12.625000" -> "12.625"), so expectations read as the charges were written.
std::map<std::string, std::string> RunTotals(const nlohmann::json& run);

// Decimal text without trailing zeros: "12.625000" -> "12.625", "7.000" -> "7".
std::string TrimDecimalZeros(std::string s);

// "name: hint" of the first failed step of a test-connection report; "" when all passed.
std::string FailedStep(const nlohmann::json& report);

}  // namespace focusd::testing
