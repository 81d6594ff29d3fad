// TEMP (validator worktree): a minimal StageFiles so the validator and `focusd validate` can be
// built and tested before the reader lands; superseded by the reader's staging.cc at merge.
#include "focus/staging.h"

#include <filesystem>
#include <set>

namespace focusd {

namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Result<StagedFiles> StageFiles(DuckConnection& conn, const std::vector<std::string>& paths,
                               const std::string& table, FileFormat format) {
  if (paths.empty()) return Status::InvalidArgument("no files to read");
  std::string selects;
  for (const auto& path : paths) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
      return Status::NotFound(path + ": no such file");
    if (std::filesystem::file_size(path, ec) == 0)
      return Status::InvalidArgument(path + ": empty file");
    FileFormat f = format;
    if (f == FileFormat::kAuto)
      f = EndsWith(path, ".parquet") ? FileFormat::kParquet
          : EndsWith(path, ".gz")    ? FileFormat::kCsvGzip
                                     : FileFormat::kCsv;
    std::string src;
    if (f == FileFormat::kParquet) {
      auto desc = conn.Query("DESCRIBE SELECT * FROM read_parquet(" + SqlQuote(path) + ")");
      if (!desc.ok()) return desc.status().WithContext(path);
      std::string cols;
      for (size_t i = 0; i < desc->row_count(); ++i) {
        std::string name = desc->Text(i, 0), type = desc->Text(i, 1);
        std::string q = SqlIdent(name);
        std::string expr = type.rfind("TIMESTAMP", 0) == 0
                               ? "strftime(" + q + ", '%Y-%m-%dT%H:%M:%SZ')"
                               : q + "::VARCHAR";
        cols += (cols.empty() ? "" : ", ") + expr + " AS " + q;
      }
      src = "SELECT " + cols + " FROM read_parquet(" + SqlQuote(path) + ")";
    } else {
      src = "SELECT * FROM read_csv(" + SqlQuote(path) +
            ", all_varchar=true, header=true, auto_detect=true" +
            (f == FileFormat::kCsvGzip ? ", compression='gzip'" : "") + ")";
    }
    std::string one = "SELECT *, " + SqlQuote(path) + " AS _file, row_number() OVER () AS _row FROM (" +
                      src + ")";
    selects += (selects.empty() ? "" : " UNION ALL BY NAME ") + ("(" + one + ")");
  }
  Status st = conn.Execute("CREATE OR REPLACE TABLE " + SqlIdent(table) + " AS " + selects);
  if (!st.ok()) return st.WithContext(paths.size() == 1 ? paths[0] : "reading files");

  StagedFiles staged;
  staged.table = table;
  auto desc = conn.Query("DESCRIBE " + SqlIdent(table));
  if (!desc.ok()) return desc.status();
  std::set<std::string> names;
  for (size_t i = 0; i < desc->row_count(); ++i) {
    std::string name = desc->Text(i, 0);
    if (name == "_file" || name == "_row") continue;
    staged.columns.push_back(name);
    names.insert(name);
  }
  // Naive detection; the reader's is the real one.
  staged.version = names.count("ServiceProviderName")                             ? FocusVersion::k13
                   : names.count("InvoiceId") || names.count("PricingCurrency")   ? FocusVersion::k12
                   : names.count("ServiceSubcategory")                            ? FocusVersion::k11
                                                                                  : FocusVersion::k10;
  auto n = conn.Query("SELECT count(*) FROM " + SqlIdent(table));
  if (!n.ok()) return n.status();
  staged.row_count = n->Int(0, 0);
  return staged;
}

}  // namespace focusd
