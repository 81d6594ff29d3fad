#include "support/gcp_bigquery_server.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/random.h"
#include "support/gcp_api_errors.h"

namespace focusd::testing {
namespace {

using json = nlohmann::json;
constexpr char kScope[] = "https://www.googleapis.com/auth/bigquery";

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// FORMAT_TIMESTAMP('<fmt>', <expr>) -> strftime(<expr>, '<fmt>'), recursively; backticked
// paths become one quoted identifier.
std::string TranslateBody(const std::string& in, std::string* error) {
  std::string out;
  for (size_t i = 0; i < in.size();) {
    if (in[i] == '`') {
      size_t end = in.find('`', i + 1);
      if (end == std::string::npos) {
        *error = "Syntax error: Unclosed identifier literal";
        return "";
      }
      out += '"' + in.substr(i + 1, end - i - 1) + '"';
      i = end + 1;
      continue;
    }
    if (in[i] == '\'') {  // string literals are copied as they are
      size_t end = in.find('\'', i + 1);
      if (end == std::string::npos) end = in.size() - 1;
      out += in.substr(i, end - i + 1);
      i = end + 1;
      continue;
    }
    static const std::string kFn = "FORMAT_TIMESTAMP(";
    if (in.compare(i, kFn.size(), kFn) == 0) {
      size_t p = i + kFn.size();
      while (p < in.size() && std::isspace(static_cast<unsigned char>(in[p]))) ++p;
      size_t fmt_end = p < in.size() && in[p] == '\'' ? in.find('\'', p + 1) : std::string::npos;
      if (fmt_end == std::string::npos) {
        *error = "FORMAT_TIMESTAMP needs a format string literal";
        return "";
      }
      std::string fmt = in.substr(p + 1, fmt_end - p - 1);
      for (size_t at; (at = fmt.find("%E6S")) != std::string::npos;) fmt.replace(at, 4, "%S.%f");
      size_t q = in.find(',', fmt_end);
      if (q == std::string::npos) {
        *error = "FORMAT_TIMESTAMP needs two arguments";
        return "";
      }
      int depth = 0;
      size_t e = q + 1;
      for (; e < in.size(); ++e) {
        if (in[e] == '(') ++depth;
        if (in[e] == ')') {
          if (depth == 0) break;
          --depth;
        }
      }
      if (e >= in.size()) {
        *error = "Syntax error: Expected \")\"";
        return "";
      }
      std::string expr = TranslateBody(in.substr(q + 1, e - q - 1), error);
      expr.erase(0, expr.find_first_not_of(" \t\n"));
      out += "strftime(" + expr + ", '" + fmt + "')";
      i = e + 1;
      continue;
    }
    out += in[i++];
  }
  return out;
}

}  // namespace

TranslatedQuery TranslateToDuckDb(const std::string& googlesql) {
  TranslatedQuery t;
  std::string body = googlesql;
  static const std::regex kExport(R"(^\s*EXPORT\s+DATA\s+OPTIONS\s*\(([^)]*)\)\s*AS\s+([\s\S]+)$)",
                                  std::regex::icase);
  std::smatch m;
  if (std::regex_match(googlesql, m, kExport)) {
    std::string options = m[1];
    body = m[2];
    std::smatch o;
    static const std::regex kUri(R"(uri\s*=\s*'([^']*)')", std::regex::icase);
    static const std::regex kFormat(R"(format\s*=\s*'([^']*)')", std::regex::icase);
    if (!std::regex_search(options, o, kUri)) {
      t.error = "EXPORT DATA requires the uri option";
      return t;
    }
    t.export_uri = o[1];
    if (t.export_uri.rfind("gs://", 0) != 0 || std::count(t.export_uri.begin(), t.export_uri.end(), '*') != 1) {
      t.error = "Invalid uri: " + t.export_uri + " (expected gs://bucket/path with one '*')";
      return t;
    }
    if (!std::regex_search(options, o, kFormat) || Lower(o[1]) != "parquet") {
      t.error = "this test server exports only format='PARQUET'";
      return t;
    }
  }
  t.sql = TranslateBody(body, &t.error);
  return t;
}

GcpBigQueryServer::GcpBigQueryServer(const GcpTokenServer& tokens, GcpStorageServer& storage)
    : tokens_(tokens), storage_(storage) {
  db_ = DuckDatabase::Open(":memory:", 1).value();
  conn_ = db_->Connect().value();
  scratch_dir_ = (std::filesystem::temp_directory_path() / ("focusd-bq-" + RandomHex(6))).string();
  std::filesystem::create_directories(scratch_dir_);

  server_.Get(R"(/bigquery/v2/projects/([^/]+)/datasets/([^/]+))",
              [this](const httplib::Request& req, httplib::Response& res) {
                if (!Authorized(tokens_, req, res, kScope)) return;
                std::string project = req.matches[1], dataset = req.matches[2];
                std::lock_guard lock(mu_);
                auto it = datasets_.find(project + "." + dataset);
                if (it == datasets_.end())
                  return SendGoogleError(res, 404, "Not found: Dataset " + project + ":" + dataset, "notFound");
                json doc = {{"kind", "bigquery#dataset"},
                            {"id", project + ":" + dataset},
                            {"datasetReference", {{"projectId", project}, {"datasetId", dataset}}},
                            {"location", it->second}};
                res.set_content(doc.dump(), "application/json");
              });

  server_.Get(R"(/bigquery/v2/projects/([^/]+)/datasets/([^/]+)/tables/([^/]+))",
              [this](const httplib::Request& req, httplib::Response& res) {
                if (!Authorized(tokens_, req, res, kScope)) return;
                std::string project = req.matches[1], dataset = req.matches[2], table = req.matches[3];
                std::string name = project + "." + dataset + "." + table;
                std::lock_guard lock(mu_);
                auto t = conn_->Query("SELECT table_type FROM information_schema.tables WHERE table_name = ?", {name});
                if (!datasets_.count(project + "." + dataset) || !t.ok() || t->row_count() == 0)
                  return SendGoogleError(res, 404, "Not found: Table " + project + ":" + dataset + "." + table,
                                         "notFound");
                auto cols = conn_->Query(
                    "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                    "ORDER BY ordinal_position",
                    {name});
                json fields = json::array();
                for (size_t i = 0; cols.ok() && i < cols->row_count(); ++i) {
                  std::string type = cols->Text(i, 1);
                  std::string bq = type.rfind("TIMESTAMP", 0) == 0 ? "TIMESTAMP"
                                   : type.rfind("DECIMAL", 0) == 0 ? "NUMERIC"
                                   : type == "BIGINT" || type == "INTEGER" ? "INTEGER"
                                   : type == "DOUBLE" ? "FLOAT"
                                                      : "STRING";
                  fields.push_back({{"name", cols->Text(i, 0)}, {"type", bq}, {"mode", "NULLABLE"}});
                }
                json doc = {{"kind", "bigquery#table"},
                            {"id", project + ":" + dataset + "." + table},
                            {"tableReference", {{"projectId", project}, {"datasetId", dataset}, {"tableId", table}}},
                            {"type", t->Text(0, 0) == "VIEW" ? "VIEW" : "TABLE"},
                            {"schema", {{"fields", fields}}},
                            {"location", datasets_[project + "." + dataset]}};
                res.set_content(doc.dump(), "application/json");
              });

  server_.Post(R"(/bigquery/v2/projects/([^/]+)/jobs)", [this](const httplib::Request& req, httplib::Response& res) {
    if (!Authorized(tokens_, req, res, kScope)) return;
    std::string project = req.matches[1];
    json body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("configuration") || !body["configuration"].contains("query"))
      return SendGoogleError(res, 400, "Required parameter is missing: configuration.query", "invalid");
    std::string sql = body["configuration"]["query"].value("query", "");
    if (body["configuration"]["query"].value("useLegacySql", true))
      return SendGoogleError(res, 400, "this test server speaks GoogleSQL only (useLegacySql=false)", "invalid");
    bool dry_run = body["configuration"].value("dryRun", false);
    json ref = body.value("jobReference", json::object());
    std::string job_id = ref.value("jobId", "job_" + RandomHex(8));
    std::string location = ref.value("location", "US");
    std::lock_guard lock(mu_);
    if (dry_run) {
      Job job;
      json error = Run(sql, location, /*dry_run=*/true, &job);
      if (!error.is_null()) return SendGoogleError(res, 400, error["message"], error["reason"]);
      json doc = JobResource(job_id, job, true);
      doc["configuration"] = body["configuration"];
      doc["statistics"]["totalBytesProcessed"] = "0";
      res.set_content(doc.dump(), "application/json");
      return;
    }
    if (jobs_.count(job_id))
      return SendGoogleError(res, 409, "Already Exists: Job " + project + ":" + location + "." + job_id, "duplicate");
    Job job;
    job.project = project;
    job.location = location;
    job.polls_left = running_polls;
    queries_.push_back(sql);
    job.error = Run(sql, location, /*dry_run=*/false, &job);
    json doc = JobResource(job_id, job, job.polls_left == 0);
    doc["configuration"] = body["configuration"];
    jobs_[job_id] = std::move(job);
    if (lose_insert_answers > 0) {
      --lose_insert_answers;
      return SendGoogleError(res, 503, "The service is currently unavailable.", "backendError");
    }
    res.set_content(doc.dump(), "application/json");
  });

  server_.Get(R"(/bigquery/v2/projects/([^/]+)/jobs/([^/]+))", [this](const httplib::Request& req,
                                                                      httplib::Response& res) {
    if (!Authorized(tokens_, req, res, kScope)) return;
    std::string project = req.matches[1], job_id = req.matches[2];
    std::lock_guard lock(mu_);
    auto it = jobs_.find(job_id);
    if (it == jobs_.end() || it->second.project != project ||
        Lower(it->second.location) != Lower(req.get_param_value("location")))
      return SendGoogleError(res, 404, "Not found: Job " + project + ":" + job_id, "notFound");
    bool done = it->second.polls_left == 0;
    if (!done) --it->second.polls_left;
    res.set_content(JobResource(job_id, it->second, done).dump(), "application/json");
  });

  server_.Get(R"(/bigquery/v2/projects/([^/]+)/queries/([^/]+))", [this](const httplib::Request& req,
                                                                         httplib::Response& res) {
    if (!Authorized(tokens_, req, res, kScope)) return;
    std::string project = req.matches[1], job_id = req.matches[2];
    std::lock_guard lock(mu_);
    auto it = jobs_.find(job_id);
    if (it == jobs_.end() || it->second.project != project ||
        Lower(it->second.location) != Lower(req.get_param_value("location")))
      return SendGoogleError(res, 404, "Not found: Job " + project + ":" + job_id, "notFound");
    const Job& job = it->second;
    json ref = {{"projectId", project}, {"jobId", job_id}, {"location", job.location}};
    if (job.polls_left > 0) {
      res.set_content(json{{"kind", "bigquery#getQueryResultsResponse"}, {"jobReference", ref}, {"jobComplete", false}}
                          .dump(),
                      "application/json");
      return;
    }
    if (!job.error.is_null()) return SendGoogleError(res, 400, job.error["message"], job.error["reason"]);
    size_t start = req.has_param("pageToken") ? std::stoul(req.get_param_value("pageToken")) : 0;
    size_t max = req.has_param("maxResults") ? std::stoul(req.get_param_value("maxResults")) : 100000;
    json fields = json::array();
    for (const auto& c : job.result.columns()) fields.push_back({{"name", c}, {"type", "STRING"}, {"mode", "NULLABLE"}});
    json rows = json::array();
    size_t end = std::min(job.result.row_count(), start + max);
    for (size_t r = start; r < end; ++r) {
      json f = json::array();
      for (size_t c = 0; c < job.result.column_count(); ++c) {
        auto v = job.result.Get(r, c);
        f.push_back({{"v", v ? json(*v) : json(nullptr)}});
      }
      rows.push_back({{"f", f}});
    }
    json doc = {{"kind", "bigquery#getQueryResultsResponse"},
                {"jobReference", ref},
                {"schema", {{"fields", fields}}},
                {"totalRows", std::to_string(job.result.row_count())},
                {"jobComplete", true},
                {"cacheHit", false}};
    if (!rows.empty()) doc["rows"] = rows;
    if (end < job.result.row_count()) doc["pageToken"] = std::to_string(end);
    res.set_content(doc.dump(), "application/json");
  });

  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::yield();
}

GcpBigQueryServer::~GcpBigQueryServer() {
  server_.stop();
  thread_.join();
  std::error_code ec;
  std::filesystem::remove_all(scratch_dir_, ec);
}

void GcpBigQueryServer::AddDataset(const std::string& project, const std::string& dataset,
                                   const std::string& location) {
  std::lock_guard lock(mu_);
  datasets_[project + "." + dataset] = location;
}

void GcpBigQueryServer::Exec(const std::string& duckdb_sql) {
  std::lock_guard lock(mu_);
  Status st = conn_->Execute(duckdb_sql);
  if (!st.ok()) throw std::runtime_error("fixture SQL failed: " + st.ToString());
}

std::vector<std::string> GcpBigQueryServer::queries() const {
  std::lock_guard lock(mu_);
  return queries_;
}

json GcpBigQueryServer::JobResource(const std::string& id, const Job& job, bool done) const {
  json status = {{"state", done ? "DONE" : "RUNNING"}};
  if (done && !job.error.is_null()) {
    status["errorResult"] = job.error;
    status["errors"] = json::array({job.error});
  }
  return {{"kind", "bigquery#job"},
          {"id", job.project + ":" + job.location + "." + id},
          {"jobReference", {{"projectId", job.project}, {"jobId", id}, {"location", job.location}}},
          {"status", status},
          {"statistics", {{"creationTime", "1767225600000"}}}};
}

std::optional<std::string> GcpBigQueryServer::MissingTable(const std::string& duck_sql, const std::string& location) {
  static const std::regex kPath(R"re("([^".]+)\.([^".]+)\.([^".]+)")re");
  for (auto it = std::sregex_iterator(duck_sql.begin(), duck_sql.end(), kPath); it != std::sregex_iterator(); ++it) {
    std::string project = (*it)[1], dataset = (*it)[2], table = (*it)[3];
    auto ds = datasets_.find(project + "." + dataset);
    if (ds == datasets_.end()) return "Not found: Dataset " + project + ":" + dataset;
    if (Lower(ds->second) != Lower(location))
      return "Not found: Dataset " + project + ":" + dataset + " was not found in location " + location;
    auto t = conn_->Query("SELECT 1 FROM information_schema.tables WHERE table_name = ?", {(*it)[0].str().substr(1, (*it)[0].length() - 2)});
    if (!t.ok() || t->row_count() == 0)
      return "Not found: Table " + project + ":" + dataset + "." + table + " was not found in location " + location;
  }
  return std::nullopt;
}

json GcpBigQueryServer::Run(const std::string& sql, const std::string& location, bool dry_run, Job* job) {
  auto error = [](const std::string& reason, const std::string& message) {
    return json{{"reason", reason}, {"location", "query"}, {"message", message}};
  };
  TranslatedQuery t = TranslateToDuckDb(sql);
  if (!t.error.empty()) return error("invalidQuery", t.error);
  if (auto missing = MissingTable(t.sql, location)) return error("notFound", *missing);
  if (dry_run) {
    auto r = conn_->Query("SELECT * FROM (" + t.sql + ") LIMIT 0");
    return r.ok() ? json() : error("invalidQuery", r.status().message());
  }
  if (t.export_uri.empty()) {
    auto r = conn_->Query(t.sql);
    if (!r.ok()) return error("invalidQuery", r.status().message());
    job->result = std::move(r).value();
    job->has_result = true;
    return json();
  }
  std::string path = t.export_uri.substr(5);
  std::string bucket = path.substr(0, path.find('/'));
  std::string pattern = path.substr(bucket.size() + 1);
  if (!storage_.HasBucket(bucket)) return error("notFound", "Not found: URI " + t.export_uri);
  if (!storage_.Writable(bucket))
    return error("accessDenied", "Access Denied: BigQuery BigQuery: Permission denied while writing data. " +
                                     t.export_uri);
  Status st = conn_->Execute("CREATE OR REPLACE TEMP TABLE export_rows AS " + t.sql);
  if (!st.ok()) return error("invalidQuery", st.message());
  int64_t rows = conn_->Query("SELECT count(*) FROM export_rows")->Int(0, 0);
  int64_t files = std::max<int64_t>(1, (rows + rows_per_file - 1) / rows_per_file);
  for (int64_t i = 0; i < files; ++i) {
    std::string local = scratch_dir_ + "/part-" + std::to_string(i) + ".parquet";
    st = conn_->Execute("COPY (SELECT * FROM export_rows LIMIT " + std::to_string(rows_per_file) + " OFFSET " +
                        std::to_string(i * rows_per_file) + ") TO " + SqlQuote(local) + " (FORMAT parquet)");
    if (!st.ok()) return error("internalError", st.message());
    std::ifstream in(local, std::ios::binary);
    std::stringstream data;
    data << in.rdbuf();
    char number[24];
    std::snprintf(number, sizeof number, "%012lld", static_cast<long long>(i));
    std::string name = pattern;
    name.replace(name.find('*'), 1, number);
    storage_.PutObject(bucket, name, data.str());
  }
  (void)conn_->Execute("DROP TABLE export_rows");
  return json();
}

}  // namespace focusd::testing
