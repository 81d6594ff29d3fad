// The real BillingSource of each provider, built from a connector's fields and secret:
// AWS (role → S3 Data Exports), Azure (Blob Cost Management exports), GCP (BigQuery export
// through Cloud Storage), OCI (FOCUS reports in Object Storage). Endpoints come from the
// provider's standard environment overrides (AWS_ENDPOINT_URL*, FOCUSD_AZURE_BLOB_ENDPOINT /
// AZURE_AUTHORITY_HOST (+ FOCUSD_AZURE_CA_FILE), STORAGE_EMULATOR_HOST / BIGQUERY_EMULATOR_HOST,
// OCI_OBJECT_STORAGE_ENDPOINT).
#pragma once

#include "sync/source_factory.h"
#include "sync/sync_store.h"

namespace focusd {

SourceFactories ProviderSources(Catalog* catalog, SyncStore* store);

}  // namespace focusd
