// The OCI connector's BillingSource. Oracle writes a tenancy's FOCUS cost reports to its own
// Object Storage, in the tenancy's home region: namespace `bling`, a bucket named after the
// tenancy OCID, daily gzip CSVs under
//   FOCUS Reports/YYYY/MM/DD/<file>.csv.gz
// A billing period is every file of its month. OCI rewrites reports after the fact, so a
// period's delivery_id is a digest of each of its files' name, ETag, time and size: a file
// rewritten (or added, or removed) changes its month's id and only its month's, and the sync
// engine reloads that whole month.
//
// Endpoint: OciBillingSourceOptions::endpoint, else $OCI_OBJECT_STORAGE_ENDPOINT, else the
// region's Object Storage endpoint (storage/oci_object_store.h).
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "core/secret_string.h"
#include "core/time.h"
#include "http/retry_policy.h"
#include "providers/billing_source.h"
#include "storage/oci_object_store.h"

namespace focusd {

inline constexpr char kOciUsageReportNamespace[] = "bling";
inline constexpr char kOciFocusReportsPrefix[] = "FOCUS Reports/";
// The tenancy that owns the usage reports, as Oracle's cost and usage report policy names it.
inline constexpr char kOciUsageReportTenancy[] =
    "ocid1.tenancy.oc1..aaaaaaaaned4fkpkisbwjlr56u7cj63lf3wffbilvqknstgtvzub7vhqkggq";

// An oci_api_key secret's value (catalog RevealSecret).
struct OciApiKeyCredentials {
  std::string tenancy_ocid;
  std::string user_ocid;
  std::string fingerprint;
  std::string region;  // the tenancy's home region, where the reports live
  SecretString private_key_pem;
  SecretString passphrase;  // empty for an unencrypted key

  // Reads the secret's JSON; the error names the missing or mistyped field, never a value.
  static Result<OciApiKeyCredentials> FromSecretJson(const nlohmann::json& value);
};

struct OciBillingSourceOptions {
  std::string endpoint;  // see the header comment
  RetryPolicy retry;
  const TimeSource* clock = &TimeSource::System();
  int page_size = 1000;
};

class OciBillingSource : public BillingSource {
 public:
  OciBillingSource(OciApiKeyCredentials credentials, OciBillingSourceOptions options = {});
  // From an oci_api_key secret's value (catalog RevealSecret); errors name the bad field.
  static Result<std::unique_ptr<OciBillingSource>> FromSecret(const nlohmann::json& secret_value,
                                                              OciBillingSourceOptions options = {});

  // One PeriodDelivery per month that has reports, oldest first; gzip CSV files in key order.
  Result<std::vector<PeriodDelivery>> Discover() override;
  // Downloads each file to `dir` as "YYYY-MM-DD-<file name>", byte for byte.
  Result<std::vector<std::string>> Fetch(const PeriodDelivery& delivery, const std::string& dir) override;
  // Steps: "Read API key", "Check key fingerprint", "Object Storage endpoint",
  // "List FOCUS Reports/", "Find a FOCUS report".
  ConnectionReport TestConnection() override;

 private:
  // The store, built on first use (the key is parsed then, so a bad key is a Status).
  Result<OciObjectStore*> Store();
  Result<std::string> Endpoint() const;

  OciApiKeyCredentials credentials_;
  OciBillingSourceOptions options_;
  std::unique_ptr<OciObjectStore> store_;
};

}  // namespace focusd
