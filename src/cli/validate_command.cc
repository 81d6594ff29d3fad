// focusd validate FILE... [--version auto|1.0|1.1|1.2|1.3] [--format text|json|junit]
//                         [--output FILE] [--verbose]
// Reads the files into an in-memory DuckDB (StageFiles), validates them against the FOCUS
// specification and prints the report. Exit code: 0 conformant (SHOULD failures allowed),
// 1 when a MUST rule fails, 2 when the files cannot be read.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "db/duckdb.h"
#include "focus/staging.h"
#include "focus/validation_report_format.h"
#include "focus/validator.h"

namespace focusd {

namespace {

struct ValidateArgs {
  std::vector<std::string> files;
  std::string version = "auto";
  std::string format = "text";
  std::string output;
  bool verbose = false;
};

int RunValidate(const ValidateArgs& args) {
  ValidatorOptions options;
  if (args.version != "auto") {
    auto v = ParseFocusVersion(args.version);
    if (!v) {
      std::fprintf(stderr, "focusd validate: --version: unknown FOCUS version '%s'\n", args.version.c_str());
      return 2;
    }
    options.version = *v;
  }
  auto db = DuckDatabase::Open(":memory:");
  if (!db.ok()) {
    std::fprintf(stderr, "focusd validate: %s\n", db.status().ToString().c_str());
    return 2;
  }
  auto conn = (*db)->Connect();
  if (!conn.ok()) {
    std::fprintf(stderr, "focusd validate: %s\n", conn.status().ToString().c_str());
    return 2;
  }
  auto staged = StageFiles(**conn, args.files, "focus_staged");
  if (!staged.ok()) {
    std::fprintf(stderr, "focusd validate: %s\n", staged.status().ToString().c_str());
    return 2;
  }
  auto report = FocusValidator::Validate(**conn, *staged, options);
  if (!report.ok()) {
    std::fprintf(stderr, "focusd validate: %s\n", report.status().ToString().c_str());
    return 2;
  }
  std::string text = args.format == "json"    ? ReportToJson(*report).dump(2) + "\n"
                     : args.format == "junit" ? FormatReportJUnit(*report)
                                              : FormatReportText(*report, args.verbose);
  if (args.output.empty()) {
    std::cout << text << std::flush;
  } else {
    std::ofstream out(args.output, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::fprintf(stderr, "focusd validate: cannot write %s\n", args.output.c_str());
      return 2;
    }
    // Keep the verdict visible on the terminal when the report goes to a file.
    std::fprintf(stderr, "%s: %d MUST failures, %d SHOULD failures, %d passed, %d skipped\n",
                 args.output.c_str(), report->must_failures, report->should_failures,
                 report->passed, report->skipped);
  }
  return report->ok() ? 0 : 1;
}

}  // namespace

void AddValidateCommand(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  auto* cmd = app.add_subcommand("validate", "Check FOCUS files (CSV, gzip CSV, Parquet) against the specification");
  cmd->add_option("files", args->files, "FOCUS files to validate (read together as one dataset)")
      ->required();  // missing files are read errors (exit 2), reported by StageFiles
  cmd->add_option("--version", args->version, "FOCUS version of the files (default: detected)")
      ->check(CLI::IsMember({"auto", "1.0", "1.1", "1.2", "1.3"}));
  cmd->add_option("--format", args->format, "Report format")
      ->check(CLI::IsMember({"text", "json", "junit"}));
  cmd->add_option("-o,--output", args->output, "Write the report to FILE instead of stdout");
  cmd->add_flag("-v,--verbose", args->verbose, "List passed and skipped rules too (text format)");
  cmd->callback([args] {
    int code = RunValidate(*args);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace focusd
