// Test helper: stages rows the way StageFiles does (one VARCHAR column per source column,
// plus _file and _row), straight from SQL, so validator tests do not depend on the reader.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "db/duckdb.h"
#include "focus/staging.h"

namespace focusd::testing {

using Cell = std::optional<std::string>;  // nullopt = SQL NULL
using Row = std::vector<Cell>;

// Creates `table` with `columns` (all VARCHAR) and `rows`; _file is "fixture.csv", _row 1..n.
inline StagedFiles StageRows(DuckConnection& conn, const std::string& table,
                             const std::vector<std::string>& columns, const std::vector<Row>& rows,
                             FocusVersion version) {
  std::string ddl = "CREATE OR REPLACE TABLE " + SqlIdent(table) + " (";
  for (const auto& c : columns) ddl += SqlIdent(c) + " VARCHAR, ";
  ddl += "_file VARCHAR, _row BIGINT)";
  Status st = conn.Execute(ddl);
  if (!st.ok()) throw std::runtime_error(st.ToString());
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string sql = "INSERT INTO " + SqlIdent(table) + " VALUES (";
    for (const auto& cell : rows[r]) sql += (cell ? SqlQuote(*cell) : std::string("NULL")) + ", ";
    sql += "'fixture.csv', " + std::to_string(r + 1) + ")";
    st = conn.Execute(sql);
    if (!st.ok()) throw std::runtime_error(st.ToString());
  }
  StagedFiles staged;
  staged.table = table;
  staged.columns = columns;
  staged.version = version;
  staged.row_count = static_cast<int64_t>(rows.size());
  return staged;
}

// Stages a CSV file as text, like the reader: read_csv(all_varchar, header) + _file + _row.
inline StagedFiles StageCsv(DuckConnection& conn, const std::string& table, const std::string& path,
                            FocusVersion version) {
  Status st = conn.Execute("CREATE OR REPLACE TABLE " + SqlIdent(table) + " AS SELECT *, " +
                           SqlQuote(path) + " AS _file, row_number() OVER () AS _row FROM read_csv(" +
                           SqlQuote(path) + ", all_varchar=true, header=true)");
  if (!st.ok()) throw std::runtime_error(st.ToString());
  auto desc = conn.Query("DESCRIBE " + SqlIdent(table));
  if (!desc.ok()) throw std::runtime_error(desc.status().ToString());
  StagedFiles staged;
  staged.table = table;
  staged.version = version;
  for (size_t i = 0; i < desc->row_count(); ++i) {
    std::string name = desc->Text(i, 0);
    if (name != "_file" && name != "_row") staged.columns.push_back(name);
  }
  auto n = conn.Query("SELECT count(*) FROM " + SqlIdent(table));
  staged.row_count = n.ok() ? n->Int(0, 0) : 0;
  return staged;
}

}  // namespace focusd::testing
