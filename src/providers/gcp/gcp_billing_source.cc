#include "providers/gcp/gcp_billing_source.h"

#include <cstdlib>

#include <spdlog/spdlog.h>

#include <filesystem>
#include <regex>

#include "core/random.h"
#include "core/time.h"

namespace focusd {
namespace {

using json = nlohmann::json;

// Everything spliced into SQL or a gs:// URI is checked against these first: the connector
// form validates them too, but the SQL must be safe whatever reaches it.
const std::regex kProjectRe("[a-z0-9][a-z0-9.:-]*");
const std::regex kDatasetRe("[A-Za-z0-9_]+");
const std::regex kTableRe("[A-Za-z0-9_-]+");
const std::regex kBucketRe("[a-z0-9][a-z0-9._-]*");
const std::regex kColumnRe("[A-Za-z_][A-Za-z0-9_]*");
const std::regex kIdRe("[A-Za-z0-9_-]+");
const std::regex kRegionRe("[A-Za-z0-9-]+");
const std::regex kPeriodRe("[0-9]{4}-(0[1-9]|1[0-2])");
const std::regex kWatermarkRe("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?");

Status Check(const std::string& value, const std::regex& re, const std::string& field, const std::string& what,
             bool required = true) {
  if (value.empty() && !required) return Status::Ok();
  if (value.empty()) return Status::InvalidArgument(what + " is required", field);
  if (!std::regex_match(value, re)) return Status::InvalidArgument(what + " has characters it cannot have", field);
  return Status::Ok();
}

std::string Text(const json& fields, const char* key) {
  auto it = fields.find(key);
  return it != fields.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string Underscored(std::string s) {
  for (char& c : s)
    if (c == '-') c = '_';
  return s;
}

}  // namespace

Result<GcpSourceConfig> GcpSourceConfig::FromConnectorFields(const std::string& connector_id, const json& fields) {
  GcpSourceConfig c;
  c.connector_id = connector_id;
  c.billing_account_id = Text(fields, "billing_account_id");
  c.bq_project_id = Text(fields, "bq_project_id");
  c.bq_region = Text(fields, "bq_region");
  c.bq_dataset = Text(fields, "bq_dataset");
  c.source_table = Text(fields, "source_table");
  c.dest_project_id = Text(fields, "dest_project_id");
  c.dest_region = Text(fields, "dest_region");
  c.dest_dataset = Text(fields, "dest_dataset");
  c.dest_bucket = Text(fields, "dest_bucket");
  if (auto it = fields.find("export_time_column"); it != fields.end() && it->is_string()) c.export_time_column = *it;
  // The form stores "keep" | "delete"; true | false is accepted too.
  if (auto it = fields.find("keep_exports"); it != fields.end()) {
    if (it->is_boolean()) c.keep_exports = *it;
    else if (it->is_string()) c.keep_exports = *it == "keep" || *it == "true";
  }
  RETURN_IF_ERROR(Check(c.connector_id, kIdRe, "id", "Connector id"));
  RETURN_IF_ERROR(Check(c.billing_account_id, kTableRe, "billing_account_id", "GCP Account ID",
                        /*required=*/c.source_table.empty()));
  RETURN_IF_ERROR(Check(c.bq_project_id, kProjectRe, "bq_project_id", "GCP Project ID (BigQuery origin)"));
  RETURN_IF_ERROR(Check(c.bq_region, kRegionRe, "bq_region", "Region (BigQuery origin)"));
  RETURN_IF_ERROR(Check(c.bq_dataset, kDatasetRe, "bq_dataset", "BigQuery dataset name (BigQuery origin)"));
  RETURN_IF_ERROR(Check(c.source_table, kTableRe, "source_table", "FOCUS table or view name", false));
  RETURN_IF_ERROR(Check(c.dest_project_id, kProjectRe, "dest_project_id",
                        "GCP Project ID (CloudStorage destination)", false));
  RETURN_IF_ERROR(Check(c.dest_bucket, kBucketRe, "dest_bucket", "Bucket name in CloudStorage"));
  RETURN_IF_ERROR(Check(c.export_time_column, kColumnRe, "export_time_column", "Export time column"));
  return c;
}

std::string GcpSourceConfig::SourceTable() const {
  return source_table.empty() ? "gcp_billing_export_focus_" + Underscored(billing_account_id) : source_table;
}

std::string GcpSourceConfig::QualifiedSource() const { return bq_project_id + "." + bq_dataset + "." + SourceTable(); }

GcpEndpoints GcpEndpoints::FromEnvironment() {
  GcpEndpoints e;
  e.storage = GcsEndpointFromEnvironment();
  e.bigquery = BigQueryEndpointFromEnvironment();
  // Overrides the key's token_uri (a private token endpoint, or a test server).
  if (const char* t = std::getenv("FOCUSD_GCP_TOKEN_URI"); t && *t) e.token_uri = t;
  return e;
}

namespace {

BigQueryOptions BigQueryOptionsFrom(const GcpSourceOptions& o) {
  BigQueryOptions b;
  b.endpoint = o.endpoints.bigquery;
  b.retry = o.retry;
  b.sleep = o.poll_sleep;
  b.poll_initial = o.poll_initial;
  return b;
}

GcsOptions GcsOptionsFrom(const GcpSourceOptions& o) {
  GcsOptions g;
  g.endpoint = o.endpoints.storage;
  g.retry = o.retry;
  return g;
}

}  // namespace

GcpBillingSource::GcpBillingSource(GcpSourceConfig config, ServiceAccountKey key, GcpSourceOptions options,
                                   std::string synced_through)
    : config_(std::move(config)),
      options_(std::move(options)),
      tokens_(std::make_shared<GoogleTokenSource>(std::move(key),
                                                  std::vector<std::string>{kBigQueryScope, kStorageReadWriteScope},
                                                  *options_.clock, options_.retry, options_.endpoints.token_uri)),
      bigquery_(tokens_, BigQueryOptionsFrom(options_)),
      bucket_(config_.dest_bucket, tokens_, GcsOptionsFrom(options_)),
      synced_through_(std::move(synced_through)) {}

Result<std::unique_ptr<GcpBillingSource>> GcpBillingSource::Create(const std::string& connector_id,
                                                                   const json& fields, const json& secret_value,
                                                                   GcpSourceOptions options,
                                                                   std::string synced_through) {
  ASSIGN_OR_RETURN(GcpSourceConfig config, GcpSourceConfig::FromConnectorFields(connector_id, fields));
  ASSIGN_OR_RETURN(ServiceAccountKey key, ServiceAccountKey::FromSecretValue(secret_value));
  return std::make_unique<GcpBillingSource>(std::move(config), std::move(key), std::move(options),
                                            std::move(synced_through));
}

std::string GcpBillingSource::JobProject() const {
  return config_.dest_project_id.empty() ? config_.bq_project_id : config_.dest_project_id;
}

std::string GcpBillingSource::ChangedPeriodsSql() const {
  const std::string& t = config_.export_time_column;
  std::string sql = "SELECT FORMAT_TIMESTAMP('%Y-%m', BillingPeriodStart) AS billing_period, "
                    "FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%E6S', MAX(" + t + ")) AS last_export_time, "
                    "COUNT(" + t + ") AS row_count FROM `" + config_.QualifiedSource() + "` GROUP BY billing_period";
  if (!synced_through_.empty()) sql += " HAVING MAX(" + t + ") > TIMESTAMP '" + synced_through_ + "'";
  return sql + " ORDER BY billing_period";
}

std::string GcpBillingSource::PeriodPrefix(const std::string& billing_period) const {
  return "focusd/" + config_.connector_id + "/" + billing_period + "/";
}

std::string GcpBillingSource::ExportSql(const PeriodDelivery& delivery, const std::string& gcs_prefix) const {
  return "EXPORT DATA OPTIONS(uri='gs://" + config_.dest_bucket + "/" + gcs_prefix +
         "*.parquet', format='PARQUET', overwrite=true) AS SELECT * FROM `" + config_.QualifiedSource() +
         "` WHERE FORMAT_TIMESTAMP('%Y-%m', BillingPeriodStart) = '" + delivery.billing_period + "' AND " +
         config_.export_time_column + " <= TIMESTAMP '" + delivery.delivery_id + "'";
}

Result<std::vector<PeriodDelivery>> GcpBillingSource::Discover() {
  if (!synced_through_.empty() && !std::regex_match(synced_through_, kWatermarkRe))
    return Status::InvalidArgument("the last sync watermark is not a timestamp 'YYYY-MM-DD HH:MM:SS[.ffffff]'");
  ASSIGN_OR_RETURN(BigQueryRows rows, bigquery_.Query(JobProject(), config_.bq_region, ChangedPeriodsSql()));
  int period_col = rows.ColumnIndex("billing_period");
  int time_col = rows.ColumnIndex("last_export_time");
  int count_col = rows.ColumnIndex("row_count");
  if (period_col < 0 || time_col < 0 || count_col < 0)
    return Status::Internal("BigQuery's answer lacks billing_period, last_export_time or row_count");
  std::vector<PeriodDelivery> out;
  for (const auto& row : rows.rows) {
    if (!row[period_col] || !row[time_col]) continue;  // rows without a billing period or export time
    PeriodDelivery d;
    d.billing_period = *row[period_col];
    d.delivery_id = *row[time_col];
    d.format = FileFormat::kParquet;
    try {
      d.expected_rows = row[count_col] ? std::stoll(*row[count_col]) : -1;
    } catch (...) {
      d.expected_rows = -1;
    }
    if (!std::regex_match(d.billing_period, kPeriodRe) || !std::regex_match(d.delivery_id, kWatermarkRe))
      return Status::Internal("BigQuery returned an unexpected billing period or export time for " +
                              config_.QualifiedSource());
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::vector<std::string>> GcpBillingSource::Fetch(const PeriodDelivery& delivery, const std::string& dir) {
  if (!std::regex_match(delivery.billing_period, kPeriodRe))
    return Status::InvalidArgument("billing period must be YYYY-MM", "billing_period");
  if (!std::regex_match(delivery.delivery_id, kWatermarkRe))
    return Status::InvalidArgument("delivery id must be an export time 'YYYY-MM-DD HH:MM:SS[.ffffff]'",
                                   "delivery_id");
  std::string run = FormatIso8601(Clock::now());
  run.erase(std::remove_if(run.begin(), run.end(), [](char c) { return c == '-' || c == ':'; }), run.end());
  std::string prefix = PeriodPrefix(delivery.billing_period) + run + "-" + RandomHex(4) + "/";
  auto job = bigquery_.RunQuery(JobProject(), config_.bq_region, ExportSql(delivery, prefix));
  if (!job.ok()) return job.status().WithContext("exporting " + delivery.billing_period + " to " + bucket_.Describe());
  ASSIGN_OR_RETURN(std::vector<ObjectInfo> objects, bucket_.List(prefix));
  if (objects.empty())
    return Status::DataLoss("the export of " + delivery.billing_period + " wrote nothing to " + bucket_.Describe() +
                            "/" + prefix);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::vector<std::string> paths;
  for (const auto& object : objects) {
    std::string name = object.key.substr(object.key.rfind('/') + 1);
    std::string path = dir + "/" + delivery.billing_period + "-" + name;
    RETURN_IF_ERROR(bucket_.Download(object, path));
    paths.push_back(path);
  }
  spdlog::info("GCP connector {}: exported {} ({} objects)", config_.connector_id, delivery.billing_period,
               objects.size());
  return paths;
}

Status GcpBillingSource::DeleteExportedObjects(const std::string& billing_period) {
  if (config_.keep_exports) return Status::Ok();
  if (!std::regex_match(billing_period, kPeriodRe))
    return Status::InvalidArgument("billing period must be YYYY-MM", "billing_period");
  ASSIGN_OR_RETURN(std::vector<ObjectInfo> objects, bucket_.List(PeriodPrefix(billing_period)));
  for (const auto& o : objects) RETURN_IF_ERROR(bucket_.Delete(o.key));
  return Status::Ok();
}

ConnectionReport GcpBillingSource::TestConnection() {
  ConnectionReport report;
  auto step = [&](const std::string& name, const Status& st, const std::string& ok_message,
                  const std::string& hint) {
    ConnectionStep s{name, st.ok(), st.ok() ? ok_message : st.message(), st.ok() ? "" : hint};
    report.steps.push_back(std::move(s));
    return st.ok();
  };
  const std::string& email = tokens_->key().client_email;
  if (!step("Get access token", tokens_->Token().status(), "token issued for " + email,
            "Check that the service account key is current (not deleted or disabled) and that this "
            "machine's clock is right."))
    return report;
  std::string dataset = config_.bq_project_id + ":" + config_.bq_dataset;
  if (!step("Find dataset", bigquery_.GetDataset(config_.bq_project_id, config_.bq_dataset), dataset + " found",
            "Check the BigQuery origin project and dataset names, and grant " + email +
                " BigQuery Data Viewer on the dataset."))
    return report;
  auto table = bigquery_.GetTable(config_.bq_project_id, config_.bq_dataset, config_.SourceTable());
  Status table_status = table.status();
  if (table.ok()) {
    std::vector<std::string> missing;
    for (const std::string& col : {std::string("BillingPeriodStart"), config_.export_time_column}) {
      if (std::find(table->columns.begin(), table->columns.end(), col) == table->columns.end()) missing.push_back(col);
    }
    if (!missing.empty()) {
      std::string list;
      for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
      table_status = Status::FailedPrecondition(config_.QualifiedSource() + " has no column " + list);
    }
  }
  if (!step("Find FOCUS table or view", table_status,
            config_.QualifiedSource() + (table.ok() ? " (" + table->type + ")" : "") + " found",
            "Enable the FOCUS export of Cloud Billing, or create the FOCUS view from deploy/gcp/focus_view.sql "
            "over your detailed billing export, and give its name as the source table."))
    return report;
  if (!step("Dry-run query", bigquery_.DryRun(JobProject(), config_.bq_region, ChangedPeriodsSql()),
            "the billing query is valid and readable",
            "Grant " + email + " BigQuery Job User on project " + JobProject() +
                " and BigQuery Data Viewer on the dataset; check that the region is the dataset's location."))
    return report;
  std::string probe = "focusd/" + config_.connector_id + "/.connection-test";
  Status write = bucket_.Put(probe, "focusd connection test\n", "text/plain");
  if (write.ok()) write = bucket_.Delete(probe);
  if (!step("Write to bucket", write, bucket_.Describe() + " is writable",
            "Check the bucket name and grant " + email + " Storage Object Admin on gs://" + config_.dest_bucket +
                " (BigQuery writes the export there and focusd deletes it after loading)."))
    return report;
  report.ok = true;
  return report;
}

}  // namespace focusd
