#include "focus/staging.h"

#include <cstdio>
#include <filesystem>
#include <future>
#include <optional>
#include <strings.h>

#include "focus/gzip_integrity.h"
#include "focus/version_detector.h"

namespace focusd {
namespace {

// The CSV reader's null string. The staging contract keeps "" and "NULL" as the file has them
// (the validator reports them), so DuckDB must not turn empty fields into NULL: a control
// character sequence no billing export contains stands in for "never null".

// DuckDB's messages can run to dozens of lines (the CSV sniffer explains its options); the
// first lines carry the cause.
std::string Shorten(const std::string& msg) {
  std::string out;
  size_t pos = 0;
  for (int lines = 0; lines < 4 && pos < msg.size(); ++lines) {
    size_t end = msg.find('\n', pos);
    std::string line = msg.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (line.empty() || line.rfind("LINE ", 0) == 0 || line.rfind("The search space", 0) == 0 ||
        line.rfind("Possible fixes", 0) == 0)
      break;
    out += (out.empty() ? "" : "; ") + line;
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return out;
}

Result<FileFormat> SniffFormat(const std::string& path, FileFormat declared) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Status::NotFound(path + ": no such file");
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::IoError(path + ": " + ec.message());
  if (size == 0) return Status::InvalidArgument(path + ": the file is empty", path);
  unsigned char magic[4] = {0, 0, 0, 0};
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::IoError(path + ": cannot open the file");
  size_t n = std::fread(magic, 1, 4, f);
  std::fclose(f);
  FileFormat actual = FileFormat::kCsv;
  if (n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) actual = FileFormat::kCsvGzip;
  else if (n == 4 && magic[0] == 'P' && magic[1] == 'A' && magic[2] == 'R' && magic[3] == '1')
    actual = FileFormat::kParquet;
  if (declared != FileFormat::kAuto && declared != actual) {
    const char* names[] = {"auto", "CSV", "gzip CSV", "Parquet"};
    return Status::InvalidArgument(path + ": declared " + names[static_cast<int>(declared)] +
                                       " but the file is " + names[static_cast<int>(actual)],
                                   path);
  }
  return actual;
}

std::string ReaderCall(const std::string& path, FileFormat format) {
  if (format == FileFormat::kParquet)
    return "read_parquet(" + SqlQuote(path) + ", file_row_number = true)";
  return "read_csv(" + SqlQuote(path) + ", header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"'" +
         ", compression = '" + (format == FileFormat::kCsvGzip ? "gzip" : "none") + "'" +
         // An unquoted empty field is how CSV writes a null: it stays NULL. A quoted empty
         // string ("") or the text NULL is kept as text, for the validator to report.
         ", nullstr = '', allow_quoted_nulls = false, strict_mode = true)";
}

Status ReadError(const std::string& path, FileFormat format, const Status& s) {
  bool corrupt = format != FileFormat::kCsv;
  std::string what = format == FileFormat::kParquet   ? "cannot read Parquet file"
                     : format == FileFormat::kCsvGzip ? "cannot read gzip CSV file"
                                                      : "cannot read CSV file";
  std::string detail = Shorten(s.message());
  // The sniffer's own words ("Error when sniffing file") do not say what is wrong with it.
  if (detail.find("sniffing") != std::string::npos)
    detail = "its rows do not match its header line (a different number of fields), or it is "
             "not text at all (" + detail + ")";
  return Status(corrupt ? StatusCode::kDataLoss : StatusCode::kInvalidArgument,
                path + ": " + what + ": " + detail, path);
}

// The FOCUS version a Parquet file declares in its key-value metadata (FocusVersion), if any.
std::optional<FocusVersion> ParquetMetadataVersion(DuckConnection& conn, const std::string& path) {
  auto r = conn.Query("SELECT CAST(value AS VARCHAR) FROM parquet_kv_metadata(" + SqlQuote(path) +
                      ") WHERE lower(CAST(key AS VARCHAR)) IN ('focusversion', 'focus_version', "
                      "'focus.version')");
  if (!r.ok() || r->row_count() == 0) return std::nullopt;
  return ParseFocusVersion(r->Text(0, 0));
}

// A Parquet column as a UTC TIMESTAMP, for the reader's timestamp types; "" for any other.
// A timestamp without a zone is taken as UTC, which is what FOCUS requires every date/time
// to be.
std::string UtcTimestamp(const std::string& col, const std::string& type) {
  if (type == "TIMESTAMP WITH TIME ZONE") return "timezone('UTC', " + col + ")";
  if (type.rfind("TIMESTAMP", 0) == 0) return "CAST(" + col + " AS TIMESTAMP)";
  return "";
}

// The staged type a Parquet column of reader type `type` keeps, "VARCHAR" when it is staged
// as text. FLOAT is text: its shortest text is not the shortest text of the same value as
// a double, which is what rules compare numbers as. DECIMALs with more than 20 integer or
// 18 fraction digits, and HUGEINTs, do not fit the canonical DECIMAL(38,18) exactly.
std::string KeptType(const std::string& type) {
  if (!UtcTimestamp("x", type).empty()) return "TIMESTAMP";
  static const char* kNumbers[] = {"DOUBLE",    "TINYINT",  "SMALLINT",  "INTEGER", "BIGINT",
                                   "UTINYINT",  "USMALLINT", "UINTEGER", "UBIGINT"};
  for (const char* n : kNumbers)
    if (type == n) return type;
  int width = 0, scale = 0;
  if (std::sscanf(type.c_str(), "DECIMAL(%d,%d)", &width, &scale) == 2 && scale <= 18 &&
      width - scale <= 20)
    return type;
  return "VARCHAR";
}

// A Parquet column as staged: typed (KeptType) or as its text.
std::string StagedColumn(const std::string& col, const std::string& type) {
  std::string kept = KeptType(type);
  if (kept == "VARCHAR") return StagedTextExpr(col, type);
  if (kept == "TIMESTAMP") return UtcTimestamp(col, type);
  return col;
}

bool ContainsIgnoreCase(const std::vector<std::string>& v, const std::string& s) {
  for (const auto& x : v)
    if (x.size() == s.size() && strncasecmp(x.data(), s.data(), s.size()) == 0) return true;
  return false;
}

}  // namespace

StagedKind StagedKindOf(const std::string& type) {
  if (type == "VARCHAR") return StagedKind::kText;
  if (type == "DOUBLE") return StagedKind::kDouble;
  if (type.rfind("TIMESTAMP", 0) == 0) return StagedKind::kTimestamp;
  return StagedKind::kExact;
}

// Typed Parquet timestamps are moments, not text: they are written the way FOCUS's
// DateTimeFormat spells a moment (UTC, "T", "Z"), so that a typed file passes the same format
// rules a CSV with the same values passes.
std::string StagedTextExpr(const std::string& col, const std::string& type) {
  if (type == "VARCHAR") return col;
  std::string utc = UtcTimestamp(col, type);
  if (utc.empty()) return "CAST(" + col + " AS VARCHAR)";
  return "CASE WHEN microsecond(" + utc + ") % 1000000 = 0 THEN strftime(" + utc +
         ", '%Y-%m-%dT%H:%M:%SZ') ELSE strftime(" + utc + ", '%Y-%m-%dT%H:%M:%S.%fZ') END";
}

// list_contains, not IN: IN compares each value once per listed string (an OR of four
// comparisons), list_contains looks it up once; over a file's 40-odd text columns the
// difference is a fifth of the validator's scan.
std::string NullLikeText(const std::string& ident) {
  return "list_contains(['', 'NULL', 'null', 'Null'], " + ident + ")";
}

Result<StagedFiles> StageFiles(DuckConnection& conn, const std::vector<std::string>& paths,
                               const std::string& table, FileFormat format) {
  if (paths.empty()) return Status::InvalidArgument("no files to read");
  struct FileInfo {
    std::string path;
    FileFormat format;
    std::vector<std::string> columns;
    std::vector<std::string> types;  // DuckDB's type of each column, parallel to columns
    VersionDetection version;
  };
  std::vector<FileInfo> files;
  StagedFiles staged;
  staged.table = table;
  // Read each file's columns first: a file that is not FOCUS is refused before any data is read.
  for (const auto& path : paths) {
    ASSIGN_OR_RETURN(FileFormat f, SniffFormat(path, format));
    auto desc = conn.Query("DESCRIBE SELECT * FROM " + ReaderCall(path, f));
    if (!desc.ok()) return ReadError(path, f, desc.status());
    FileInfo info{path, f, {}, {}, {}};
    for (size_t r = 0; r < desc->row_count(); ++r) {
      std::string name = desc->Text(r, 0);
      if (f == FileFormat::kParquet && name == "file_row_number") continue;
      info.columns.push_back(name);
      info.types.push_back(desc->Text(r, 1));
    }
    auto missing = MissingRequiredColumns(info.columns);
    if (!missing.empty()) {
      std::string list;
      for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
      return Status::InvalidArgument(
          path + ": not a FOCUS cost file: missing column" + (missing.size() > 1 ? "s " : " ") +
              list + " (found " + std::to_string(info.columns.size()) + " columns)",
          path);
    }
    info.version = DetectVersion(info.columns);
    // Where the file states its version, the columns must agree with it; the statement then
    // wins (a 1.2 file need not carry any column new in 1.2).
    if (f == FileFormat::kParquet) {
      if (auto declared = ParquetMetadataVersion(conn, path)) {
        Status agree = CheckDeclaredVersion(*declared, info.version, path);
        if (!agree.ok())
          return Status::InvalidArgument(path + ": its FOCUS metadata says FocusVersion " +
                                             FocusVersionName(*declared) + " but the columns are FOCUS " +
                                             FocusVersionName(info.version.version) + " (" +
                                             info.version.evidence + ")",
                                         path);
        info.version = {*declared, std::string("FOCUS metadata (FocusVersion ") +
                                       FocusVersionName(*declared) + ")"};
      }
    }
    for (const auto& c : info.columns)
      if (!ContainsIgnoreCase(staged.columns, c)) staged.columns.push_back(c);
    staged.files.push_back({path, info.version.version, info.version.evidence});
    files.push_back(std::move(info));
  }
  // Files of one import may differ in optional columns, but pre-1.0 names and 1.x names
  // cannot share one staged table.
  staged.version = files[0].version.version;
  for (const auto& f : files) {
    bool pre = f.version.version == FocusVersion::kPre10;
    if (pre != (staged.version == FocusVersion::kPre10))
      return Status::InvalidArgument(files[0].path + " is FOCUS " +
                                         FocusVersionName(files[0].version.version) + " but " +
                                         f.path + " is FOCUS " +
                                         FocusVersionName(f.version.version) +
                                         ": import them separately",
                                     f.path);
    if (static_cast<int>(f.version.version) > static_cast<int>(staged.version))
      staged.version = f.version.version;
  }

  // Parquet is columnar and cheap to read again, so Parquet-only imports are staged as a view
  // (each later pass reads just the columns it needs); CSV is parsed once into a table.
  bool all_parquet = true;
  for (const auto& f : files) all_parquet = all_parquet && f.format == FileFormat::kParquet;
  // A column stays typed when every file that has it has the same reader type (and keeps it).
  staged.types.assign(staged.columns.size(), "VARCHAR");
  std::vector<std::string> reader_type(staged.columns.size());
  std::vector<bool> typed(staged.columns.size(), all_parquet);
  for (const auto& f : files)
    for (size_t k = 0; k < f.columns.size(); ++k)
      for (size_t c = 0; c < staged.columns.size(); ++c) {
        if (!ContainsIgnoreCase({staged.columns[c]}, f.columns[k])) continue;
        if (reader_type[c].empty()) reader_type[c] = f.types[k];
        else if (reader_type[c] != f.types[k]) typed[c] = false;
      }
  for (size_t c = 0; c < staged.columns.size(); ++c)
    if (typed[c]) staged.types[c] = KeptType(reader_type[c]);
  auto staged_type = [&](const std::string& col) {
    for (size_t c = 0; c < staged.columns.size(); ++c)
      if (ContainsIgnoreCase({staged.columns[c]}, col)) return staged.types[c];
    return std::string("VARCHAR");
  };
  auto file_select = [&](const FileInfo& f) {
    std::string select;
    for (size_t k = 0; k < f.columns.size(); ++k) {
      std::string q = SqlIdent(f.columns[k]);
      select += (staged_type(f.columns[k]) == "VARCHAR" ? StagedTextExpr(q, f.types[k])
                                                         : StagedColumn(q, f.types[k])) +
                " AS " + q + ", ";
    }
    select += SqlQuote(f.path) + " AS _file, ";
    if (f.format == FileFormat::kParquet)
      return "SELECT " + select + "file_row_number + 1 AS _row FROM " + ReaderCall(f.path, f.format);
    // The row's ordinal in the scan is its 1-based data row number in the file.
    return "SELECT " + select + "ordinality AS _row FROM " + ReaderCall(f.path, f.format) +
           " WITH ORDINALITY";
  };
  if (all_parquet) {
    std::string sql = "CREATE OR REPLACE TEMP VIEW " + SqlIdent(table) + " AS ";
    for (size_t k = 0; k < files.size(); ++k)
      sql += (k ? " UNION ALL BY NAME " : "") + file_select(files[k]);
    RETURN_IF_ERROR(conn.Execute(sql));
    // Read every file once now, so a damaged one is refused here, naming it.
    for (const auto& f : files) {
      auto r = conn.Query("SELECT count(*) FROM " + ReaderCall(f.path, f.format));
      if (!r.ok()) {
        (void)conn.Execute("DROP VIEW IF EXISTS " + SqlIdent(table));
        return ReadError(f.path, f.format, r.status());
      }
    }
    staged.is_view = true;
  } else {
    std::string create = "CREATE OR REPLACE TEMP TABLE " + SqlIdent(table) + " (";
    for (const auto& c : staged.columns) create += SqlIdent(c) + " VARCHAR, ";
    create += "_file VARCHAR, _row BIGINT)";
    RETURN_IF_ERROR(conn.Execute(create));

    // gzip files are checked for completeness while DuckDB reads them (another core).
    std::vector<std::pair<std::string, std::future<Status>>> gzip_checks;
    for (const auto& f : files)
      if (f.format == FileFormat::kCsvGzip)
        gzip_checks.emplace_back(f.path, std::async(std::launch::async, CheckGzipIntact, f.path));
    auto gzip_status = [&]() -> Status {
      Status first;
      for (auto& [path, check] : gzip_checks) {
        Status s = check.get();
        if (first.ok() && !s.ok()) first = s;
      }
      gzip_checks.clear();
      return first;
    };

    for (const auto& f : files) {
      Status s = conn.Execute("INSERT INTO " + SqlIdent(table) + " BY NAME " + file_select(f));
      if (!s.ok()) {
        (void)conn.Execute("DROP TABLE IF EXISTS " + SqlIdent(table));
        Status gz = gzip_status();  // a truncated gzip explains a garbled last line best
        return gz.ok() ? ReadError(f.path, f.format, s) : gz;
      }
    }
    if (Status gz = gzip_status(); !gz.ok()) {
      (void)conn.Execute("DROP TABLE IF EXISTS " + SqlIdent(table));
      return gz;
    }
  }
  ASSIGN_OR_RETURN(auto count, conn.Query("SELECT count(*) FROM " + SqlIdent(table)));
  staged.row_count = count.Int(0, 0);
  return staged;
}

}  // namespace focusd
