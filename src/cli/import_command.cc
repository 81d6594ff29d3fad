// `focusd import FILE... --connector NAME`: the connectors' import path, for files a user
// already has. Prints what was stored per billing period and currency; exits non-zero with
// the error (naming the file and row) when anything is refused, leaving stored data as it was.
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "catalog/catalog.h"
#include "cli/commands.h"
#include "core/config.h"
#include "focus/validator.h"
#include "db/duckdb.h"
#include "focus/importer.h"
#include "warehouse/duckdb_warehouse.h"
#include "warehouse/warehouse_backend.h"

namespace focusd {
namespace {

struct ImportArgs {
  std::vector<std::string> files;
  std::string connector;
  std::string data_dir;
  std::string version = "auto";
  std::string format = "auto";
  std::string memory_limit = "1GB";
  std::string config_file;
  bool strict = false;
};

std::string Plural(int64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

int RunImport(const ImportArgs& args) {
  ImportOptions options;
  options.connector = args.connector;
  if (args.version != "auto") options.declared_version = ParseFocusVersion(args.version);
  options.format = args.format == "csv"        ? FileFormat::kCsv
                   : args.format == "csv_gzip" ? FileFormat::kCsvGzip
                   : args.format == "parquet"  ? FileFormat::kParquet
                                               : FileFormat::kAuto;
  std::error_code ec;
  std::filesystem::create_directories(args.data_dir, ec);
  if (ec) {
    std::fprintf(stderr, "focusd import: cannot create data dir %s: %s\n", args.data_dir.c_str(),
                 ec.message().c_str());
    return 1;
  }
  const std::string path = DatabasePath(args.data_dir);
  auto db = DuckDatabase::Open(path);
  if (!db.ok()) {
    const std::string& m = db.status().message();
    if (m.find("lock") != std::string::npos)
      std::fprintf(stderr,
                   "focusd import: the database %s is in use by another process (a running "
                   "`focusd serve`?); stop it or import through the server. (%s)\n",
                   path.c_str(), m.c_str());
    else
      std::fprintf(stderr, "focusd import: %s\n", m.c_str());
    return 1;
  }
  auto conn = (*db)->Connect();
  if (!conn.ok()) {
    std::fprintf(stderr, "focusd import: %s\n", conn.status().message().c_str());
    return 1;
  }
  // DuckDB spills to <db>.tmp beyond this, so memory stays flat however large the files are.
  Status limit = (*conn)->Execute("SET memory_limit = " + SqlQuote(args.memory_limit));
  if (!limit.ok()) {
    std::fprintf(stderr, "focusd import: --memory-limit: %s\n", limit.message().c_str());
    return 1;
  }
  // Stored rows have no order (every reader sorts); without keeping the files' order DuckDB
  // inserts and aggregates in parallel with less memory.
  Status order = (*conn)->Execute("SET preserve_insertion_order = false");
  if (!order.ok()) {
    std::fprintf(stderr, "focusd import: %s\n", order.message().c_str());
    return 1;
  }
  // A registered connector (by id or name) keys the rows by its id, as its syncs do; any other
  // name is kept as given (files a user has without a connector).
  {
    auto cipher = SecretCipher::FromEnvironmentOrKeyFile(ProcessEnvironment(), args.data_dir);
    auto catalog = cipher.ok() ? Catalog::Open(*db, *cipher) : Result<std::unique_ptr<Catalog>>(cipher.status());
    if (catalog.ok()) {
      auto c = (*catalog)->GetConnector(args.connector);
      if (c.ok()) options.connector = c->id;
    }
  }
  // The conformance check runs on the staged rows; --strict refuses files with MUST failures.
  ValidationReport report;
  options.validate = [&](DuckConnection& vc, const StagedFiles& staged, SharedScan* shared) -> Status {
    ASSIGN_OR_RETURN(report, FocusValidator::Validate(vc, staged, ValidatorOptions::SharingScan(shared)));
    if (args.strict && !report.ok())
      return Status::InvalidArgument(std::to_string(report.must_failures) +
                                     " MUST rules fail (run `focusd validate` for the report)");
    return Status::Ok();
  };
  // The warehouse named by --config / FOCUSD_WAREHOUSE (DuckDB unless ClickHouse is configured).
  Config config;
  Status cs = LoadConfigFile(args.config_file, &config);
  if (cs.ok()) cs = ApplyEnvironment(ProcessEnvironment(), &config);
  auto backend = cs.ok() ? WarehouseBackendFromConfig(config, ProcessEnvironment())
                         : Result<std::shared_ptr<WarehouseBackend>>(cs);
  if (!backend.ok()) {
    std::fprintf(stderr, "focusd import: %s\n", backend.status().ToString().c_str());
    return 1;
  }
  std::unique_ptr<Warehouse> opened = (*backend)->Open(conn->get());
  Warehouse& warehouse = *opened;
  Status s = warehouse.EnsureSchema();
  if (!s.ok()) {
    std::fprintf(stderr, "focusd import: %s\n", s.message().c_str());
    return 1;
  }
  auto r = ImportFiles(**conn, warehouse, args.files, options);
  if (!r.ok()) {
    std::fprintf(stderr, "focusd import: refused, nothing stored changed: %s\n",
                 r.status().message().c_str());
    return 1;
  }
  const auto& res = *r;
  std::printf("conformance: %d MUST and %d SHOULD rule failures, %d rules passed, %d skipped%s\n",
              report.must_failures, report.should_failures, report.passed, report.skipped,
              report.must_failures || report.should_failures ? " (run `focusd validate` for details)" : "");
  std::printf("imported %s from %s as FOCUS %s, connector %s, load %s\n",
              Plural(res.load.rows, "row").c_str(), Plural(res.staged.files.size(), "file").c_str(),
              FocusVersionName(res.staged.version), res.load.connector.c_str(),
              res.load.load_id.c_str());
  for (const auto& p : res.load.periods) {
    std::printf("  %s: %s (replaced %s)\n", p.billing_period.c_str(),
                Plural(p.rows, "row").c_str(), Plural(p.replaced_rows, "row").c_str());
    for (const auto& t : p.stored)
      std::printf("    %-4s %10lld rows  billed %s  effective %s  list %s\n",
                  t.currency.empty() ? "-" : t.currency.c_str(), static_cast<long long>(t.rows),
                  t.billed_cost.c_str(), t.effective_cost.c_str(), t.list_cost.c_str());
  }
  const auto& n = res.normalize;
  for (const auto& x : n.renamed) std::printf("  renamed column %s\n", x.c_str());
  if (!n.null_like.empty()) {
    std::string list;
    for (const auto& [col, count] : n.null_like)
      list += (list.empty() ? "" : ", ") + col + " " + std::to_string(count);
    std::printf("  empty or \"NULL\" values read as null: %s\n", list.c_str());
  }
  for (const auto& [col, count] : n.enum_recased)
    std::printf("  %s: %s re-spelled to the canonical value\n", col.c_str(),
                Plural(count, "value").c_str());
  for (const auto& [col, count] : n.nonstandard)
    std::printf("  %s: %s in a non-standard form (e.g. \"$1,000.00\", \"4/1/25\")\n", col.c_str(),
                Plural(count, "value").c_str());
  if (!n.extensions.empty())
    std::printf("  %s kept in x_extensions\n", Plural(n.extensions.size(), "extension column").c_str());
  return 0;
}

}  // namespace

void AddImportCommand(CLI::App& app) {
  auto args = std::make_shared<ImportArgs>();
  const char* env = std::getenv("FOCUSD_DATA_DIR");
  args->data_dir = env && *env ? env : "var";
  auto* cmd = app.add_subcommand("import", "Import local FOCUS files (CSV, gzip CSV, Parquet)");
  cmd->add_option("files", args->files, "FOCUS files")->required();
  cmd->add_option("--connector", args->connector, "Connector the rows belong to")->required();
  cmd->add_option("--data-dir", args->data_dir, "Data directory (env FOCUSD_DATA_DIR)");
  cmd->add_option("--version", args->version, "FOCUS version of the files")
      ->check(CLI::IsMember({"auto", "pre-1.0", "1.0", "1.1", "1.2", "1.3"}));
  cmd->add_option("--format", args->format, "File format")
      ->check(CLI::IsMember({"auto", "csv", "csv_gzip", "parquet"}));
  cmd->add_option("--config", args->config_file, "config file (warehouse = duckdb | clickhouse, clickhouse_*)");
  cmd->add_flag("--strict", args->strict, "refuse files that fail a MUST rule of the FOCUS specification");
  cmd->add_option("--memory-limit", args->memory_limit,
                  "DuckDB memory limit for the import (default 1GB; spills to disk beyond)");
  cmd->callback([args] {
    int rc = RunImport(*args);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace focusd
