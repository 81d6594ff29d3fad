// The Azure connector: reads Cost Management FOCUS exports (FocusCost 1.0, 1.0r2,
// 1.2-preview, ...) from a storage account's Blob container.
//
//   Discover  lists <container>/<folder>/, reads the newest-written manifests of each period
//             folder (at most three FocusCost ones) and returns the newest run of each billing
//             period by submittedTime (delivery_id = "<manifest key>#<manifest ETag>").
//   Fetch     re-reads that manifest (a run rewritten since Discover is kFailedPrecondition),
//             checks its file list and sizes against storage, downloads every part (ranged
//             resume, If-Match), then counts the rows of each downloaded file with DuckDB and
//             holds them against the manifest's dataRowCount (per file and in total). Any
//             mismatch is kDataLoss naming the file; the downloaded files are removed, so the
//             caller keeps the data it loaded before.
//   TestConnection  sign-in (service principal), list the path, find a manifest, read it,
//             find a part file; the first failing step says what to fix.
// Azure's x_ columns pass through untouched: the files are handed over as exported.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "auth/azure_cloud.h"
#include "core/time.h"
#include "http/retry_policy.h"
#include "providers/azure/azure_export_layout.h"
#include "providers/billing_source.h"
#include "storage/azure_blob_store.h"

namespace focusd {

struct AzureSourceConfig {
  AzureCloud cloud = AzureCloud::kPublic;
  std::string storage_account;
  std::string container;
  std::string folder;  // "" for the container root; no leading/trailing '/'
  AzureEndpointOverrides overrides;
  std::string ca_file;  // extra CA bundle (emulators with a self-signed certificate)
};

// From a connector's fields: region ("Default" | "China"), storage_account, path
// ("container/folder"), and the optional overrides blob_endpoint and authority_host (falling
// back to AZURE_AUTHORITY_HOST / FOCUSD_AZURE_BLOB_ENDPOINT); ca_file from FOCUSD_AZURE_CA_FILE.
// Errors name the field.
Result<AzureSourceConfig> AzureSourceConfigFromFields(const nlohmann::json& fields);

struct AzureSourceOptions {
  const TimeSource* clock = &TimeSource::System();
  RetryPolicy retry;
  int list_page_size = 5000;
};

class AzureBillingSource : public BillingSource {
 public:
  // `secret_kind`/`secret_value` as Catalog::RevealSecret gives them.
  static Result<std::unique_ptr<AzureBillingSource>> Create(const AzureSourceConfig& config,
                                                            const std::string& secret_kind,
                                                            const nlohmann::json& secret_value,
                                                            AzureSourceOptions options = {});

  Result<std::vector<PeriodDelivery>> Discover() override;
  Result<std::vector<std::string>> Fetch(const PeriodDelivery& delivery, const std::string& dir) override;
  ConnectionReport TestConnection() override;

  AzureBlobStore& store() { return *store_; }
  const AzureEndpoints& endpoints() const { return endpoints_; }

 private:
  AzureBillingSource(AzureSourceConfig config, AzureEndpoints endpoints, std::unique_ptr<AzureBlobStore> store);
  std::string Prefix() const;
  Result<std::vector<ExportRun>> ReadRuns(const std::vector<ObjectInfo>& listing);
  // Reads and checks one manifest; appends the run and returns true when it is a FocusCost
  // run. Unreadable (transport, permission) is an error; unparseable or another dataset, false.
  Result<bool> ReadRun(const ObjectInfo& manifest, std::vector<ExportRun>* runs);

  AzureSourceConfig config_;
  AzureEndpoints endpoints_;
  std::unique_ptr<AzureBlobStore> store_;
};

}  // namespace focusd
