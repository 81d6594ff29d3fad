// A day of an OCI FOCUS 1.0 cost report as OCI publishes it under "FOCUS Reports/YYYY/MM/DD/":
// gzip CSV with FOCUS columns, the legacy UsageQuantity/UsageUnit and oci_* extension columns.
#pragma once

#include <string>
#include <vector>

namespace focusd::testing {

// One row per cost (decimal text) charged on `day` ("YYYY-MM-DD") of `period` ("YYYY-MM").
std::string OciFocusReport(const std::string& tenancy, const std::string& period, const std::string& day,
                           const std::vector<std::string>& costs);

// The object name of `day`'s report.
std::string OciFocusReportName(const std::string& day);

}  // namespace focusd::testing
