#include "providers/gcp/bigquery_client.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "auth/google_api_call.h"
#include "core/random.h"
#include "http/url_encode.h"

namespace focusd {
namespace {

using json = nlohmann::json;



// The Status for a job whose status carries errorResult {reason, location, message}.
Status JobError(const json& error, const std::string& job_id) {
  std::string reason = error.value("reason", "");
  std::string message = error.value("message", "");
  StatusCode code = StatusCode::kInternal;
  if (reason == "notFound") code = StatusCode::kNotFound;
  else if (reason == "accessDenied") code = StatusCode::kPermissionDenied;
  else if (reason == "invalidQuery" || reason == "invalid") code = StatusCode::kInvalidArgument;
  else if (reason == "quotaExceeded" || reason == "rateLimitExceeded" || reason == "backendError")
    code = StatusCode::kUnavailable;
  return Status(code, "BigQuery job " + job_id + " failed (" + reason + "): " + message);
}

}  // namespace

std::string BigQueryEndpointFromEnvironment() {
  const char* host = std::getenv("BIGQUERY_EMULATOR_HOST");
  if (host == nullptr || *host == '\0') return "https://bigquery.googleapis.com";
  std::string h = host;
  if (h.find("://") == std::string::npos) h = "http://" + h;
  while (!h.empty() && h.back() == '/') h.pop_back();
  return h;
}

int BigQueryRows::ColumnIndex(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  return -1;
}

BigQueryClient::BigQueryClient(std::shared_ptr<GoogleTokenSource> tokens, BigQueryOptions options)
    : tokens_(std::move(tokens)), options_(std::move(options)) {
  while (!options_.endpoint.empty() && options_.endpoint.back() == '/') options_.endpoint.pop_back();
}

Status BigQueryClient::GetDataset(const std::string& project, const std::string& dataset) {
  std::string url = Base() + UriEncode(project) + "/datasets/" + UriEncode(dataset);
  ASSIGN_OR_RETURN(HttpResponse resp,
                   SendGoogleApi(*tokens_, [&] { return MakeHttpRequest("GET", url); }, options_.retry));
  if (resp.status != 200) return GoogleApiError(resp, "reading dataset " + project + ":" + dataset);
  return Status::Ok();
}

Result<BigQueryTable> BigQueryClient::GetTable(const std::string& project, const std::string& dataset,
                                               const std::string& table) {
  std::string url = Base() + UriEncode(project) + "/datasets/" + UriEncode(dataset) + "/tables/" + UriEncode(table);
  std::string what = "reading table " + project + ":" + dataset + "." + table;
  ASSIGN_OR_RETURN(HttpResponse resp,
                   SendGoogleApi(*tokens_, [&] { return MakeHttpRequest("GET", url); }, options_.retry));
  if (resp.status != 200) return GoogleApiError(resp, what);
  json doc = json::parse(resp.body, nullptr, false);
  if (!doc.is_object()) return Status::Internal(what + ": the answer is not JSON");
  BigQueryTable out;
  out.type = doc.value("type", "TABLE");
  if (doc.contains("schema") && doc["schema"].contains("fields"))
    for (const auto& f : doc["schema"]["fields"]) out.columns.push_back(f.value("name", ""));
  return out;
}

Result<BigQueryJobRef> BigQueryClient::InsertQueryJob(const std::string& project, const std::string& location,
                                                      const std::string& sql, bool dry_run) {
  // Our own job id makes the insert idempotent: a retry after a lost answer gets 409 for the
  // job that already exists, and we go on waiting for it.
  BigQueryJobRef job{project, "focusd_" + RandomHex(12), location};
  json body = {{"jobReference", {{"projectId", project}, {"jobId", job.job_id}, {"location", location}}},
               {"configuration",
                {{"query", {{"query", sql}, {"useLegacySql", false}}}, {"labels", {{"created_by", "focusd"}}}}}};
  if (dry_run) body["configuration"]["dryRun"] = true;
  std::string url = Base() + UriEncode(project) + "/jobs";
  std::string payload = body.dump();
  ASSIGN_OR_RETURN(HttpResponse resp, SendGoogleApi(
                                          *tokens_,
                                          [&] {
                                            HttpRequest req = MakeHttpRequest("POST", url, payload);
                                            req.headers.push_back({"Content-Type", "application/json"});
                                            return req;
                                          },
                                          options_.retry));
  if (resp.status == 409 && !dry_run) return job;
  if (resp.status != 200) return GoogleApiError(resp, "starting a BigQuery query job in " + project);
  json doc = json::parse(resp.body, nullptr, false);
  if (doc.is_object() && doc.contains("status") && doc["status"].contains("errorResult"))
    return JobError(doc["status"]["errorResult"], job.job_id);
  return job;
}

Status BigQueryClient::WaitForJob(const BigQueryJobRef& job) {
  auto sleep = options_.sleep ? options_.sleep
                              : [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  std::string url = Base() + UriEncode(job.project_id) + "/jobs/" + UriEncode(job.job_id) +
                    "?location=" + UriEncode(job.location);
  std::chrono::milliseconds waited{0};
  std::chrono::milliseconds delay = options_.poll_initial;
  while (true) {
    ASSIGN_OR_RETURN(HttpResponse resp,
                     SendGoogleApi(*tokens_, [&] { return MakeHttpRequest("GET", url); }, options_.retry));
    if (resp.status != 200) return GoogleApiError(resp, "reading BigQuery job " + job.job_id);
    json doc = json::parse(resp.body, nullptr, false);
    if (!doc.is_object() || !doc.contains("status"))
      return Status::Internal("BigQuery job " + job.job_id + ": the answer has no status");
    const json& status = doc["status"];
    if (status.value("state", "") == "DONE") {
      if (status.contains("errorResult")) return JobError(status["errorResult"], job.job_id);
      return Status::Ok();
    }
    if (waited >= options_.job_timeout)
      return Status::Unavailable("BigQuery job " + job.job_id + " is still " + status.value("state", "?") +
                                 " after " + std::to_string(waited.count() / 1000) + " s");
    sleep(delay);
    waited += delay;
    delay = std::min(delay * 2, options_.poll_max);
  }
}

Result<BigQueryJobRef> BigQueryClient::RunQuery(const std::string& project, const std::string& location,
                                                const std::string& sql) {
  ASSIGN_OR_RETURN(BigQueryJobRef job, InsertQueryJob(project, location, sql, /*dry_run=*/false));
  spdlog::info("BigQuery job {} started in {} ({})", job.job_id, project, location);
  RETURN_IF_ERROR(WaitForJob(job));
  return job;
}

Status BigQueryClient::DryRun(const std::string& project, const std::string& location, const std::string& sql) {
  return InsertQueryJob(project, location, sql, /*dry_run=*/true).status();
}

Result<BigQueryRows> BigQueryClient::Query(const std::string& project, const std::string& location,
                                           const std::string& sql) {
  ASSIGN_OR_RETURN(BigQueryJobRef job, RunQuery(project, location, sql));
  BigQueryRows out;
  std::string page_token;
  do {
    std::string url = Base() + UriEncode(project) + "/queries/" + UriEncode(job.job_id) +
                      "?location=" + UriEncode(location) + "&maxResults=" + std::to_string(options_.page_size);
    if (!page_token.empty()) url += "&pageToken=" + UriEncode(page_token);
    ASSIGN_OR_RETURN(HttpResponse resp,
                     SendGoogleApi(*tokens_, [&] { return MakeHttpRequest("GET", url); }, options_.retry));
    std::string what = "reading the results of BigQuery job " + job.job_id;
    if (resp.status != 200) return GoogleApiError(resp, what);
    json doc = json::parse(resp.body, nullptr, false);
    if (!doc.is_object()) return Status::Internal(what + ": the answer is not JSON");
    if (!doc.value("jobComplete", true)) continue;  // cannot happen after DONE; ask again
    if (out.columns.empty() && doc.contains("schema"))
      for (const auto& f : doc["schema"]["fields"]) out.columns.push_back(f.value("name", ""));
    if (doc.contains("rows")) {
      for (const auto& row : doc["rows"]) {
        std::vector<std::optional<std::string>> values;
        for (const auto& cell : row["f"]) {
          const json& v = cell["v"];
          if (v.is_null()) values.push_back(std::nullopt);
          else if (v.is_string()) values.push_back(v.get<std::string>());
          else values.push_back(v.dump());
        }
        out.rows.push_back(std::move(values));
      }
    }
    page_token = doc.contains("pageToken") && doc["pageToken"].is_string() ? doc["pageToken"] : "";
  } while (!page_token.empty());
  return out;
}

}  // namespace focusd
