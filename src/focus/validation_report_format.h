// Renderings of a ValidationReport: text for people, JSON for programs and the API, JUnit
// XML for CI systems.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "focus/validator.h"

namespace focusd {

// Failures (with samples) first, then a count of passed and skipped rules; `verbose` lists
// every rule, with the reason for each skip.
std::string FormatReportText(const ValidationReport& report, bool verbose = false);
nlohmann::json ReportToJson(const ValidationReport& report);
// One <testcase> per rule: FAIL -> <failure type="MUST|SHOULD">, SKIPPED -> <skipped>.
std::string FormatReportJUnit(const ValidationReport& report);

}  // namespace focusd
