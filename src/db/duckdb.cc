#include "db/duckdb.h"

#include <duckdb.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace focusd {
namespace {

// FOCUSD_SQL_TRACE=FILE appends every statement and its seconds to FILE: how the import and
// query paths are profiled (the statements replay with any DuckDB client).
class SqlTrace {
 public:
  SqlTrace() : start_(std::chrono::steady_clock::now()) {}
  ~SqlTrace() {
    static const char* path = std::getenv("FOCUSD_SQL_TRACE");
    if (!path) return;
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    static std::mutex mu;
    std::lock_guard<std::mutex> lock(mu);
    if (FILE* f = std::fopen(path, "a")) {
      std::fprintf(f, "-- %.3f s\n%s;;\n", s, sql_ ? sql_->c_str() : "");
      std::fclose(f);
    }
  }
  void Set(const std::string& sql) { sql_ = &sql; }

 private:
  std::chrono::steady_clock::time_point start_;
  const std::string* sql_ = nullptr;
};

}  // namespace

int DuckResult::ColumnIndex(const std::string& name) const {
  for (size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i] == name) return static_cast<int>(i);
  return -1;
}

const std::string& DuckResult::Text(size_t row, size_t col) const {
  static const std::string kEmpty;
  const auto& v = rows_[row][col];
  return v ? *v : kEmpty;
}

std::optional<std::string> DuckResult::Get(size_t row, const std::string& column) const {
  int c = ColumnIndex(column);
  if (c < 0) return std::nullopt;
  return rows_[row][c];
}

int64_t DuckResult::Int(size_t row, size_t col) const {
  const auto& v = rows_[row][col];
  return v ? std::stoll(*v) : 0;
}

Result<std::shared_ptr<DuckDatabase>> DuckDatabase::Open(const std::string& path, int threads) {
  duckdb_config config;
  if (duckdb_create_config(&config) == DuckDBError) return Status::Internal("duckdb: cannot create config");
  // Offline by design: never try to download or autoload extensions.
  duckdb_set_config(config, "autoinstall_known_extensions", "false");
  duckdb_set_config(config, "autoload_known_extensions", "false");
  if (threads > 0) duckdb_set_config(config, "threads", std::to_string(threads).c_str());
  std::shared_ptr<DuckDatabase> db(new DuckDatabase());
  db->path_ = path;
  char* err = nullptr;
  const char* p = (path.empty() || path == ":memory:") ? nullptr : path.c_str();
  duckdb_state st = duckdb_open_ext(p, &db->db_, config, &err);
  duckdb_destroy_config(&config);
  if (st == DuckDBError) {
    std::string msg = err ? err : "unknown error";
    if (err) duckdb_free(err);
    return Status::IoError("cannot open database " + path + ": " + msg);
  }
  return db;
}

DuckDatabase::~DuckDatabase() {
  if (db_) duckdb_close(&db_);
}

Result<std::unique_ptr<DuckConnection>> DuckDatabase::Connect() {
  std::unique_ptr<DuckConnection> c(new DuckConnection(shared_from_this()));
  if (duckdb_connect(db_, &c->conn_) == DuckDBError)
    return Status::Internal("cannot connect to database " + path_);
  return c;
}

DuckConnection::~DuckConnection() {
  if (conn_) duckdb_disconnect(&conn_);
}

namespace {

DuckResult Materialize(duckdb_result* r) {
  DuckResult out;
  idx_t ncol = duckdb_column_count(r);
  idx_t nrow = duckdb_row_count(r);
  out.columns_.reserve(ncol);
  for (idx_t c = 0; c < ncol; ++c) out.columns_.emplace_back(duckdb_column_name(r, c));
  out.rows_.resize(nrow);
  for (idx_t i = 0; i < nrow; ++i) {
    auto& row = out.rows_[i];
    row.resize(ncol);
    for (idx_t c = 0; c < ncol; ++c) {
      if (duckdb_value_is_null(r, c, i)) continue;
      char* v = duckdb_value_varchar(r, c, i);
      if (v) {
        row[c] = std::string(v);
        duckdb_free(v);
      }
    }
  }
  return out;
}

Status BindParam(duckdb_prepared_statement stmt, idx_t idx, const DuckParam& p) {
  duckdb_state st = DuckDBSuccess;
  if (std::holds_alternative<std::nullptr_t>(p)) {
    st = duckdb_bind_null(stmt, idx);
  } else if (auto* i = std::get_if<int64_t>(&p)) {
    st = duckdb_bind_int64(stmt, idx, *i);
  } else if (auto* d = std::get_if<double>(&p)) {
    st = duckdb_bind_double(stmt, idx, *d);
  } else if (auto* s = std::get_if<std::string>(&p)) {
    st = duckdb_bind_varchar_length(stmt, idx, s->data(), s->size());
  } else if (auto* b = std::get_if<bool>(&p)) {
    st = duckdb_bind_boolean(stmt, idx, *b);
  }
  if (st == DuckDBError) return Status::Internal("cannot bind parameter " + std::to_string(idx));
  return Status::Ok();
}

}  // namespace

Status DuckConnection::Execute(const std::string& sql) {
  SqlTrace trace;
  trace.Set(sql);
  duckdb_result r;
  if (duckdb_query(conn_, sql.c_str(), &r) == DuckDBError) {
    std::string msg = duckdb_result_error(&r) ? duckdb_result_error(&r) : "query failed";
    duckdb_destroy_result(&r);
    return Status::Internal(msg);
  }
  duckdb_destroy_result(&r);
  return Status::Ok();
}

Result<DuckResult> DuckConnection::Query(const std::string& sql, const std::vector<DuckParam>& params) {
  SqlTrace trace;
  trace.Set(sql);
  duckdb_result r;
  if (params.empty()) {
    if (duckdb_query(conn_, sql.c_str(), &r) == DuckDBError) {
      std::string msg = duckdb_result_error(&r) ? duckdb_result_error(&r) : "query failed";
      duckdb_destroy_result(&r);
      return Status::Internal(msg);
    }
  } else {
    duckdb_prepared_statement stmt;
    if (duckdb_prepare(conn_, sql.c_str(), &stmt) == DuckDBError) {
      std::string msg = duckdb_prepare_error(stmt) ? duckdb_prepare_error(stmt) : "prepare failed";
      duckdb_destroy_prepare(&stmt);
      return Status::Internal(msg);
    }
    for (size_t i = 0; i < params.size(); ++i) {
      Status s = BindParam(stmt, i + 1, params[i]);
      if (!s.ok()) {
        duckdb_destroy_prepare(&stmt);
        return s;
      }
    }
    duckdb_state st = duckdb_execute_prepared(stmt, &r);
    duckdb_destroy_prepare(&stmt);
    if (st == DuckDBError) {
      std::string msg = duckdb_result_error(&r) ? duckdb_result_error(&r) : "query failed";
      duckdb_destroy_result(&r);
      return Status::Internal(msg);
    }
  }
  DuckResult out = Materialize(&r);
  duckdb_destroy_result(&r);
  return out;
}

Status DuckConnection::Transaction(const std::function<Status()>& fn) {
  RETURN_IF_ERROR(Execute("BEGIN TRANSACTION"));
  Status s = fn();
  if (!s.ok()) {
    (void)Execute("ROLLBACK");
    return s;
  }
  Status c = Execute("COMMIT");
  if (!c.ok()) (void)Execute("ROLLBACK");
  return c;
}

std::string SqlQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "''";
    else out.push_back(c);
  }
  return out + "'";
}

std::string SqlIdent(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  return out + "\"";
}

}  // namespace focusd
