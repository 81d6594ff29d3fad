// GCP billing data: the FOCUS table or view in the customer's BigQuery billing dataset,
// exported by a BigQuery query job as Parquet into a Cloud Storage bucket, then downloaded.
//
// GCP appends corrections (new rows with a newer export time) instead of rewriting a month,
// so Discover asks BigQuery which billing periods have rows newer than the last sync's
// watermark, and each such period is exported whole and replaces the stored one.
//
// The SQL it sends (the contract the BigQuery test server in tests/support implements):
//   which periods changed:
//     SELECT FORMAT_TIMESTAMP('%Y-%m', BillingPeriodStart) AS billing_period,
//            FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%E6S', MAX(x_ExportTime)) AS last_export_time,
//            COUNT(x_ExportTime) AS row_count
//     FROM `project.dataset.table` GROUP BY billing_period
//     [HAVING MAX(x_ExportTime) > TIMESTAMP 'YYYY-MM-DD HH:MM:SS.ffffff'] ORDER BY billing_period
//   one period's export:
//     EXPORT DATA OPTIONS(uri='gs://bucket/focusd/<connector>/<period>/<run>/*.parquet',
//                         format='PARQUET', overwrite=true) AS
//     SELECT * FROM `project.dataset.table`
//     WHERE FORMAT_TIMESTAMP('%Y-%m', BillingPeriodStart) = 'YYYY-MM'
//       AND x_ExportTime <= TIMESTAMP '<the delivery's last_export_time>'
// (the export time column is configurable; x_ExportTime is what Google's FOCUS view names it).
// Rows without an export time are neither counted nor exported, so expected_rows is exactly
// what the export holds.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "auth/google_service_account.h"
#include "providers/billing_source.h"
#include "providers/gcp/bigquery_client.h"
#include "storage/gcs_object_store.h"

namespace focusd {

struct GcpSourceConfig {
  std::string connector_id;        // names the export folder: focusd/<connector_id>/...
  std::string billing_account_id;  // "012345-6789AB-CDEF01"
  std::string bq_project_id;       // where the billing export dataset lives
  std::string bq_region;           // its location ("US", "europe-west1"): the jobs run there
  std::string bq_dataset;
  // The FOCUS table or view; empty means gcp_billing_export_focus_<ACCOUNT_ID> with the
  // dashes as underscores (Google's naming).
  std::string source_table;
  std::string dest_project_id;     // the project the query jobs run (and are billed) in
  std::string dest_region;
  std::string dest_dataset;        // part of the connector form; EXPORT DATA needs no dataset
  std::string dest_bucket;         // where the Parquet export is written
  std::string export_time_column = "x_ExportTime";
  bool keep_exports = false;       // keep the exported objects after a successful load

  // From a connector's id and provider fields (the keys of gcp_fields.cc, keep_exports "keep"
  // or true to keep, plus the optional "source_table"). Errors name the field.
  static Result<GcpSourceConfig> FromConnectorFields(const std::string& connector_id, const nlohmann::json& fields);
  std::string SourceTable() const;
  std::string QualifiedSource() const;  // project.dataset.table
};

struct GcpEndpoints {
  std::string bigquery = "https://bigquery.googleapis.com";
  std::string storage = "https://storage.googleapis.com";
  std::string token_uri;  // empty: the service account key's token_uri
  // STORAGE_EMULATOR_HOST and BIGQUERY_EMULATOR_HOST, as Google's client libraries read them,
  // and FOCUSD_GCP_TOKEN_URI for the token endpoint.
  static GcpEndpoints FromEnvironment();
};

struct GcpSourceOptions {
  GcpEndpoints endpoints;
  RetryPolicy retry;
  std::function<void(std::chrono::milliseconds)> poll_sleep;  // BigQuery job polling
  std::chrono::milliseconds poll_initial{500};
  const TimeSource* clock = &TimeSource::System();  // token expiry
};

class GcpBillingSource : public BillingSource {
 public:
  // `synced_through`: the newest export time already loaded (the largest delivery_id of the
  // periods loaded so far); empty on the first sync, which discovers every period.
  GcpBillingSource(GcpSourceConfig config, ServiceAccountKey key, GcpSourceOptions options = {},
                   std::string synced_through = "");

  // From a connector's id and provider fields and the value of its gcp_service_account secret
  // ({"key_json": ...}). Pass options.endpoints = GcpEndpoints::FromEnvironment() to honour
  // the emulator variables.
  static Result<std::unique_ptr<GcpBillingSource>> Create(const std::string& connector_id,
                                                          const nlohmann::json& fields,
                                                          const nlohmann::json& secret_value,
                                                          GcpSourceOptions options = {},
                                                          std::string synced_through = "");

  // Billing periods with rows exported after the watermark; delivery_id is the period's
  // newest export time ("YYYY-MM-DD HH:MM:SS.ffffff", UTC), expected_rows its row count.
  // files stay empty: the files exist only once Fetch has exported them.
  Result<std::vector<PeriodDelivery>> Discover() override;
  // Exports the period (rows up to the delivery's export time) as Parquet, lists the export
  // and downloads every object to `dir`.
  Result<std::vector<std::string>> Fetch(const PeriodDelivery& delivery, const std::string& dir) override;
  // Token, dataset, FOCUS table/view and its columns, a dry-run query, a bucket write.
  ConnectionReport TestConnection() override;

  // After a successful load: deletes what the exports of `billing_period` left in the
  // bucket (unless keep_exports).
  Status DeleteExportedObjects(const std::string& billing_period);
  // The sync runner's hook after a successful load: DeleteExportedObjects of its period.
  Status AfterLoad(const PeriodDelivery& delivery) override { return DeleteExportedObjects(delivery.billing_period); }
  void set_synced_through(std::string watermark) { synced_through_ = std::move(watermark); }

  // The SQL sent to BigQuery (see the header comment), for tests and for the docs.
  std::string ChangedPeriodsSql() const;
  std::string ExportSql(const PeriodDelivery& delivery, const std::string& gcs_prefix) const;
  std::string PeriodPrefix(const std::string& billing_period) const;

 private:
  std::string JobProject() const;
  GcpSourceConfig config_;
  GcpSourceOptions options_;
  std::shared_ptr<GoogleTokenSource> tokens_;
  BigQueryClient bigquery_;
  GcsObjectStore bucket_;
  std::string synced_through_;
};

}  // namespace focusd
