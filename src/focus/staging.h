// The hand-off between the FOCUS reader and the validator.
//
// StageFiles reads one or more FOCUS files (CSV, gzip CSV, Parquet) into a DuckDB table in
// the given connection (for Parquet-only imports a temporary view over the files instead of a
// copy: Parquet is columnar and each query reads only the columns it needs; query it the
// same way), *as the file has it*: one VARCHAR column per source column with the
// source's column name, empty strings and the literal "NULL" kept as they are (the
// validator reports them, the normalizer turns them into NULL). Parquet-only imports keep
// the columns the reader already typed as numbers or timestamps typed (StagedFiles::types):
// re-reading their text costs every later pass a conversion and a parse, and a typed value
// cannot break a format rule its text would pass. StagedTextExpr gives such a column's text,
// the same text a CSV with the same values would have. Plus two lineage columns:
//   _file VARCHAR  -- the source file path
//   _row  BIGINT   -- 1-based data row number within that file
// The validator (validator.h) runs its SQL rules over that table; the normalizer turns it
// into canonical rows.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "db/duckdb.h"
#include "focus/focus_version.h"

namespace focusd {

// One source file of a staged table, with the version its columns show.
struct StagedFile {
  std::string path;
  FocusVersion version = FocusVersion::k12;
  std::string version_evidence;       // the column that decided, e.g. "InvoiceId (added in 1.2)"
};

struct StagedFiles {
  std::string table;                  // the staged table's name
  std::vector<std::string> columns;   // source column names, in file order (no _file/_row)
  // The staged type of each column, parallel to `columns`: "VARCHAR", or for Parquet-only
  // imports one of the typed kinds of StagedKindOf (timestamps are TIMESTAMP in UTC).
  std::vector<std::string> types;
  FocusVersion version = FocusVersion::k12;   // detected (or declared) version
  int64_t row_count = 0;
  std::vector<StagedFile> files;      // in the order given
  bool is_view = false;               // Parquet-only imports: a view over the files
};

enum class FileFormat { kAuto, kCsv, kCsvGzip, kParquet };

// What a staged column holds, by its staged type.
enum class StagedKind {
  kText,       // VARCHAR
  kDouble,     // DOUBLE
  kExact,      // DECIMAL(p, s) or an integer type (at most 20 integer digits)
  kTimestamp,  // TIMESTAMP (UTC)
};
StagedKind StagedKindOf(const std::string& type);

// The column's value as the text the validator and normalizer read (for a VARCHAR column,
// the column itself): numbers as DuckDB's cast to VARCHAR writes them (a double's shortest
// round-trip form), timestamps as FOCUS's DateTimeFormat spells a moment ("...T...Z", with
// the fraction when there is one). `ident` is an SQL expression of the staged type.
std::string StagedTextExpr(const std::string& ident, const std::string& type);

// Text standing for null in a staged text column: "", "NULL", "null", "Null". The validator
// reports such values (focusd-NullLiteral) and the normalizer stores them as NULL; both test
// them with this one SQL predicate on `ident`.
std::string NullLikeText(const std::string& ident);

// Errors name the file (and row where there is one): truncated gzip, cut Parquet, empty
// file, a CSV that is not FOCUS, garbage bytes.
Result<StagedFiles> StageFiles(DuckConnection& conn, const std::vector<std::string>& paths,
                               const std::string& table, FileFormat format = FileFormat::kAuto);

}  // namespace focusd
