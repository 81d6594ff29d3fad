// A thin RAII layer over DuckDB's C API: open a database file, connect, run SQL with bound
// parameters, read materialized results as text/integers. Everything that touches DuckDB
// (catalog, FOCUS engine, warehouse) goes through here, so extension autoloading is off
// everywhere (focusd runs offline; parquet, json and icu are built in).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/status.h"

struct _duckdb_database;
struct _duckdb_connection;

namespace focusd {

// A bound parameter: NULL, integer, double, text or boolean.
using DuckParam = std::variant<std::nullptr_t, int64_t, double, std::string, bool>;

// A fully materialized query result. Values are read as text (DuckDB's own rendering),
// which keeps DECIMALs exact.
class DuckResult {
 public:
  size_t row_count() const { return rows_.size(); }
  size_t column_count() const { return columns_.size(); }
  const std::vector<std::string>& columns() const { return columns_; }
  // Column index by name, or -1.
  int ColumnIndex(const std::string& name) const;
  bool IsNull(size_t row, size_t col) const { return !rows_[row][col].has_value(); }
  // Text of a cell; "" for NULL.
  const std::string& Text(size_t row, size_t col) const;
  std::optional<std::string> Get(size_t row, size_t col) const { return rows_[row][col]; }
  std::optional<std::string> Get(size_t row, const std::string& column) const;
  int64_t Int(size_t row, size_t col) const;

  std::vector<std::string> columns_;
  std::vector<std::vector<std::optional<std::string>>> rows_;
};

class DuckConnection;

class DuckDatabase : public std::enable_shared_from_this<DuckDatabase> {
 public:
  // Opens (or creates) the database file at `path`; ":memory:" or "" for in-memory.
  static Result<std::shared_ptr<DuckDatabase>> Open(const std::string& path, int threads = 0);
  ~DuckDatabase();
  DuckDatabase(const DuckDatabase&) = delete;
  DuckDatabase& operator=(const DuckDatabase&) = delete;

  Result<std::unique_ptr<DuckConnection>> Connect();
  const std::string& path() const { return path_; }

 private:
  DuckDatabase() = default;
  _duckdb_database* db_ = nullptr;
  std::string path_;
};

// One connection. Not safe to use from two threads at once: give each thread its own, or
// guard it (the catalog holds one behind a mutex).
class DuckConnection {
 public:
  ~DuckConnection();
  DuckConnection(const DuckConnection&) = delete;
  DuckConnection& operator=(const DuckConnection&) = delete;

  // Runs one or more statements without parameters.
  Status Execute(const std::string& sql);
  // Runs a single statement with `?` / `$1` parameters and returns its rows.
  Result<DuckResult> Query(const std::string& sql, const std::vector<DuckParam>& params = {});
  // Runs `fn` inside BEGIN/COMMIT, rolling back if it returns an error.
  Status Transaction(const std::function<Status()>& fn);

  _duckdb_connection* raw() { return conn_; }

 private:
  friend class DuckDatabase;
  explicit DuckConnection(std::shared_ptr<DuckDatabase> db) : db_(std::move(db)) {}
  std::shared_ptr<DuckDatabase> db_;  // keeps the database open while connected
  _duckdb_connection* conn_ = nullptr;
};

// Quotes a SQL string literal ('it''s') and an identifier ("col""name").
std::string SqlQuote(const std::string& s);
std::string SqlIdent(const std::string& s);

}  // namespace focusd
