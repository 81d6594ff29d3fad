#include "providers/azure/export_row_count.h"

namespace focusd {

Result<int64_t> CountExportFileRows(DuckConnection& conn, const std::string& path, FileFormat format) {
  std::string sql;
  if (format == FileFormat::kParquet) {
    sql = "SELECT count(*) FROM read_parquet(" + SqlQuote(path) + ")";
  } else {
    // RFC 4180 CSV as Cost Management writes it; every column as text so no type guess can
    // fail, quoted fields may hold newlines (tags JSON).
    std::string compression = format == FileFormat::kCsvGzip ? "gzip" : (format == FileFormat::kCsv ? "none" : "auto");
    sql = "SELECT count(*) FROM read_csv(" + SqlQuote(path) +
          ", header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"', compression = '" +
          compression + "')";
  }
  auto r = conn.Query(sql);
  if (!r.ok()) return Status::DataLoss(path + " cannot be read: " + r.status().message());
  return r->Int(0, 0);
}

}  // namespace focusd
