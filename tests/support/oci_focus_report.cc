#include "support/oci_focus_report.h"

#include "support/gzip.h"

namespace focusd::testing {

std::string OciFocusReport(const std::string& tenancy, const std::string& period, const std::string& day,
                           const std::vector<std::string>& costs) {
  std::string csv =
      "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,"
      "ChargeCategory,ChargeFrequency,BilledCost,EffectiveCost,ListCost,ServiceName,ProviderName,PublisherName,"
      "InvoiceIssuerName,UsageQuantity,UsageUnit,oci_CompartmentName\n";
  for (const auto& cost : costs)
    csv += tenancy + ",USD," + period + "-01T00:00:00Z," + period + "-28T00:00:00Z," + day + "T00:00:00Z," + day +
           "T01:00:00Z,Usage,Usage-Based," + cost + "," + cost + "," + cost +
           ",Compute,Oracle,Oracle,Oracle,1.5,OCPU Hours,prod\n";
  return Gzip(csv);
}

std::string OciFocusReportName(const std::string& day) {
  return "FOCUS Reports/" + day.substr(0, 4) + "/" + day.substr(5, 2) + "/" + day.substr(8, 2) + "/report.csv.gz";
}

}  // namespace focusd::testing
