// A test double of the BigQuery REST v2 API that really runs the queries focusd sends, over
// fixture tables in an in-memory DuckDB, and writes EXPORT DATA results as Parquet into the
// Cloud Storage test server.
//
// Tables are DuckDB tables (or views) named "project.dataset.table" (one quoted identifier).
// The GoogleSQL it accepts is the small dialect focusd generates (see gcp_billing_source.h),
// translated to DuckDB by TranslateToDuckDb:
//   - `project.dataset.table`                  -> "project.dataset.table"
//   - FORMAT_TIMESTAMP('<fmt>', <expr>)        -> strftime(<expr>, '<fmt>'), %E6S -> %S.%f
//   - EXPORT DATA OPTIONS(uri='gs://b/p/*.parquet', format='PARQUET'[, ...]) AS <select>
//        -> the select, written by COPY ... (FORMAT parquet) to objects p/000000000000.parquet,
//           p/000000000001.parquet, ... (rows_per_file rows each)
// TIMESTAMP '...' literals, WHERE, GROUP BY, HAVING and ORDER BY pass through unchanged.
//
// Calls: datasets.get, tables.get, jobs.insert (query jobs, dryRun), jobs.get (RUNNING for
// `running_polls` polls, then DONE with status.errorResult on failure) and
// jobs.getQueryResults (schema, rows as {"f":[{"v":...}]}, pageToken). Every call needs a live
// token with the BigQuery scope.
#pragma once

#include <httplib.h>

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "db/duckdb.h"
#include "support/gcp_storage_server.h"
#include "support/gcp_token_server.h"

namespace focusd::testing {

struct TranslatedQuery {
  std::string sql;         // DuckDB SQL of the SELECT
  std::string export_uri;  // gs://... for EXPORT DATA, else empty
  std::string error;       // why the statement is outside the dialect
};
TranslatedQuery TranslateToDuckDb(const std::string& googlesql);

class GcpBigQueryServer {
 public:
  GcpBigQueryServer(const GcpTokenServer& tokens, GcpStorageServer& storage);
  ~GcpBigQueryServer();

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void AddDataset(const std::string& project, const std::string& dataset, const std::string& location);
  // Runs DuckDB SQL on the fixture database (create and fill the FOCUS tables).
  void Exec(const std::string& duckdb_sql);
  // Every query job's SQL (not dry runs), in order.
  std::vector<std::string> queries() const;

  int running_polls = 1;
  // The next N accepted jobs.insert calls answer 503 (the job exists; the answer is "lost").
  int lose_insert_answers = 0;
  int64_t rows_per_file = 1000000;

 private:
  struct Job {
    std::string project, location;
    nlohmann::json error;  // errorResult, or null
    int polls_left = 0;
    DuckResult result;
    bool has_result = false;
  };
  nlohmann::json JobResource(const std::string& id, const Job& job, bool done) const;
  // Runs a query job; returns its errorResult (null on success).
  nlohmann::json Run(const std::string& sql, const std::string& location, bool dry_run, Job* job);
  std::optional<std::string> MissingTable(const std::string& duck_sql, const std::string& location);

  const GcpTokenServer& tokens_;
  GcpStorageServer& storage_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::shared_ptr<DuckDatabase> db_;
  std::unique_ptr<DuckConnection> conn_;
  std::map<std::string, std::string> datasets_;  // "project.dataset" -> location
  std::map<std::string, Job> jobs_;
  std::vector<std::string> queries_;
  std::string scratch_dir_;
};

}  // namespace focusd::testing
