// The few BigQuery REST v2 calls focusd makes: datasets.get, tables.get, jobs.insert of a
// query job (or a dry run), jobs.get polled with backoff until DONE, and
// jobs.getQueryResults read page by page. Job errors carry BigQuery's own reason and message.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/google_service_account.h"
#include "core/status.h"
#include "http/retry_policy.h"

namespace focusd {

struct BigQueryOptions {
  // "https://bigquery.googleapis.com", or a test server; paths start with /bigquery/v2.
  std::string endpoint = "https://bigquery.googleapis.com";
  RetryPolicy retry;
  // jobs.get polling: the wait doubles from poll_initial up to poll_max; a job not DONE after
  // job_timeout of waiting is abandoned (kUnavailable).
  std::chrono::milliseconds poll_initial{500};
  std::chrono::milliseconds poll_max{10000};
  std::chrono::milliseconds job_timeout{std::chrono::hours(2)};
  std::function<void(std::chrono::milliseconds)> sleep;  // tests record instead of sleeping
  int page_size = 10000;  // maxResults per getQueryResults page
};

// BIGQUERY_EMULATOR_HOST ("host:port" or a URL) when set, as Google's Go client reads it;
// otherwise the public endpoint.
std::string BigQueryEndpointFromEnvironment();

struct BigQueryJobRef {
  std::string project_id;
  std::string job_id;
  std::string location;
};

struct BigQueryTable {
  std::string type;                  // "TABLE", "VIEW", "MATERIALIZED_VIEW", ...
  std::vector<std::string> columns;  // top-level field names
};

// Query results with every value as BigQuery's REST rendering (text); NULL is nullopt.
struct BigQueryRows {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
  int ColumnIndex(const std::string& name) const;
};

class BigQueryClient {
 public:
  BigQueryClient(std::shared_ptr<GoogleTokenSource> tokens, BigQueryOptions options = {});

  Status GetDataset(const std::string& project, const std::string& dataset);
  Result<BigQueryTable> GetTable(const std::string& project, const std::string& dataset, const std::string& table);

  // Runs a GoogleSQL query job in `project` (billed there) at `location` and waits until it
  // is DONE. A failed job is a Status with BigQuery's errorResult reason and message.
  Result<BigQueryJobRef> RunQuery(const std::string& project, const std::string& location, const std::string& sql);
  // RunQuery, then every page of its results.
  Result<BigQueryRows> Query(const std::string& project, const std::string& location, const std::string& sql);
  // Validates `sql` without running it (configuration.dryRun).
  Status DryRun(const std::string& project, const std::string& location, const std::string& sql);

 private:
  Result<BigQueryJobRef> InsertQueryJob(const std::string& project, const std::string& location,
                                        const std::string& sql, bool dry_run);
  Status WaitForJob(const BigQueryJobRef& job);
  std::string Base() const { return options_.endpoint + "/bigquery/v2/projects/"; }
  std::shared_ptr<GoogleTokenSource> tokens_;
  BigQueryOptions options_;
};

}  // namespace focusd
