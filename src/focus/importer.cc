#include "focus/importer.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "core/random.h"
#include "focus/version_detector.h"

namespace focusd {
namespace {
// FOCUSD_IMPORT_PHASES=1 prints each phase's seconds on stderr (for bench/ profiling).
struct PhaseClock {
  bool on = std::getenv("FOCUSD_IMPORT_PHASES") != nullptr;
  std::chrono::steady_clock::time_point t = std::chrono::steady_clock::now();
  void Mark(const char* phase) {
    auto now = std::chrono::steady_clock::now();
    if (on) std::fprintf(stderr, "phase %-10s %7.2f s\n", phase, std::chrono::duration<double>(now - t).count());
    t = now;
  }
};
}  // namespace

Result<ImportResult> ImportFiles(DuckConnection& conn, Warehouse& warehouse,
                                 const std::vector<std::string>& paths,
                                 const ImportOptions& options) {
  if (options.connector.empty())
    return Status::InvalidArgument("an import needs a connector name", "connector");
  const std::string suffix = RandomHex(6);
  const std::string stage_table = "focus_stage_" + suffix;
  const std::string view = "focus_normalized_" + suffix;
  // The staged table and view are temporary: dropped on every path out of here.
  struct Cleanup {
    DuckConnection& c;
    std::string t, v;
    ~Cleanup() {
      (void)c.Execute("DROP VIEW IF EXISTS " + SqlIdent(v));
      (void)c.Execute("DROP TABLE IF EXISTS " + SqlIdent(t));
      (void)c.Execute("DROP VIEW IF EXISTS " + SqlIdent(t));
    }
  } cleanup{conn, stage_table, view};

  ImportResult result;
  PhaseClock clock;
  ASSIGN_OR_RETURN(result.staged, StageFiles(conn, paths, stage_table, options.format));
  clock.Mark("stage");
  if (options.declared_version) {
    for (const auto& f : result.staged.files)
      RETURN_IF_ERROR(CheckDeclaredVersion(*options.declared_version,
                                           {f.version, f.version_evidence}, f.path));
    result.staged.version = *options.declared_version;
  }
  if (result.staged.row_count == 0) {
    std::string names;
    for (const auto& p : paths) names += (names.empty() ? "" : ", ") + p;
    return Status::InvalidArgument(names + ": no data rows (only a header); nothing imported");
  }
  ASSIGN_OR_RETURN(SharedScan profile, NormalizerProfile(conn, result.staged));
  if (options.validate) RETURN_IF_ERROR(options.validate(conn, result.staged, &profile));
  clock.Mark("validate");
  ASSIGN_OR_RETURN(NormalizedTable normalized, Normalize(conn, result.staged, view, &profile));
  clock.Mark("normalize");
  result.normalize = std::move(normalized.report);
  LoadSource source{&conn, view, paths};
  ASSIGN_OR_RETURN(result.load, warehouse.Load(options.connector, source, options.load));
  clock.Mark("load");
  return result;
}

}  // namespace focusd
