// focus_bench: `focusd import` against DuckDB's bare load of the same file.
//
//   focus_bench --focusd build/focusd [--rows 1000000] [--dir bench-data] [--formats csv_gzip,parquet]
//
// For each format it generates (once, cached in --dir) a realistic FOCUS 1.2 file, then runs,
// each in its own process so peak memory is that phase's alone:
//   bare:   DuckDB `CREATE TABLE t AS SELECT * FROM read_csv(file)` / `read_parquet(file)`
//           into a fresh database file;
//   focusd: `focusd import file --connector bench` into a fresh data dir
//           (read + validate hook + normalize + store, with its totals check).
// and prints rows, seconds, the ratio focusd/bare, rows per second and peak RSS; then where
// focusd's time went (its FOCUSD_IMPORT_PHASES report), each phase also as a share of the
// bare load: the insert of the canonical rows alone is the floor any import that stores
// them (exact decimals, lineage) pays.
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "db/duckdb.h"
#include "focus_bench_data.h"

namespace fs = std::filesystem;
using focusd::DuckDatabase;

namespace {

struct Run {
  double seconds = 0;
  long peak_rss_mb = 0;
  int status = 0;
};

// Runs `child` in a forked process; measures its wall time and peak RSS (wait4's rusage).
template <typename F>
Run InChild(F child) {
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) _exit(child());
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  Run r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.peak_rss_mb = ru.ru_maxrss / 1024;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

int BareLoad(const std::string& file, const std::string& format, const std::string& db_path) {
  auto db = DuckDatabase::Open(db_path);
  if (!db.ok()) return 2;
  auto conn = (*db)->Connect();
  if (!conn.ok()) return 2;
  std::string reader = format == "parquet" ? "read_parquet(" + focusd::SqlQuote(file) + ")"
                                           : "read_csv(" + focusd::SqlQuote(file) + ")";
  focusd::Status s = (*conn)->Execute("CREATE TABLE t AS SELECT * FROM " + reader);
  if (!s.ok()) {
    std::fprintf(stderr, "bare load: %s\n", s.message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t rows = 1000000;
  std::string dir = "bench-data", focusd_bin = "build/focusd", formats = "csv_gzip,parquet";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--rows") rows = std::stoll(argv[i + 1]);
    else if (a == "--dir") dir = argv[i + 1];
    else if (a == "--focusd") focusd_bin = argv[i + 1];
    else if (a == "--formats") formats = argv[i + 1];
    else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  fs::create_directories(dir);
  std::printf("%-9s %10s %9s %9s %7s %12s %10s %10s\n", "format", "rows", "bare_s", "focusd_s",
              "ratio", "focusd_rows/s", "bare_MB", "focusd_MB");
  std::stringstream fs_list(formats);
  std::string format;
  while (std::getline(fs_list, format, ',')) {
    std::string file = dir + "/focus12_" + std::to_string(rows) + (format == "parquet" ? ".parquet" : ".csv.gz");
    if (!fs::exists(file)) {
      std::fprintf(stderr, "generating %s ...\n", file.c_str());
      Run g = InChild([&] {
        auto db = DuckDatabase::Open("");
        auto conn = (*db)->Connect();
        focusd::Status s = focusd::GenerateFocus12(**conn, rows, format, file + ".tmp");
        if (!s.ok()) {
          std::fprintf(stderr, "generate: %s\n", s.message().c_str());
          return 1;
        }
        fs::rename(file + ".tmp", file);
        return 0;
      });
      if (g.status != 0) return 1;
      std::fprintf(stderr, "generated in %.1f s (%.0f MB)\n", g.seconds, fs::file_size(file) / 1e6);
    }
    std::string bare_db = dir + "/bare.duckdb", data_dir = dir + "/focusd-data";
    fs::remove(bare_db);
    fs::remove(bare_db + ".wal");
    fs::remove_all(data_dir);
    Run bare = InChild([&] { return BareLoad(file, format, bare_db); });
    const std::string phases_file = dir + "/focusd-phases.txt";
    Run imp = InChild([&] {
      int devnull = open("/dev/null", O_WRONLY);
      dup2(devnull, 1);
      int phases = open(phases_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(phases, 2);
      setenv("FOCUSD_IMPORT_PHASES", "1", 1);
      execl(focusd_bin.c_str(), focusd_bin.c_str(), "import", file.c_str(), "--connector", "bench",
            "--data-dir", data_dir.c_str(), static_cast<char*>(nullptr));
      std::perror("exec focusd");
      return 127;
    });
    std::ifstream phase_lines(phases_file);
    std::vector<std::pair<std::string, double>> phases;  // "stage" 0.01, "load.insert" 4.6, ...
    for (std::string line; std::getline(phase_lines, line);) {
      std::istringstream in(line);
      std::string first, name;
      double seconds = 0;
      in >> first;
      if (first == "phase") in >> name >> seconds;
      else if (first.rfind("load.", 0) == 0) name = first, in >> seconds;
      if (!name.empty() && name != "load" && in) phases.emplace_back(name, seconds);
    }
    if (bare.status != 0 || imp.status != 0) {
      std::fprintf(stderr, "%s: bare exit %d, focusd exit %d\n", format.c_str(), bare.status, imp.status);
      for (const auto& [name, seconds] : phases) std::fprintf(stderr, "  %s %.2f s\n", name.c_str(), seconds);
      return 1;
    }
    std::printf("%-9s %10lld %9.2f %9.2f %7.2f %12.0f %10ld %10ld\n", format.c_str(),
                static_cast<long long>(rows), bare.seconds, imp.seconds, imp.seconds / bare.seconds,
                rows / imp.seconds, bare.peak_rss_mb, imp.peak_rss_mb);
    double accounted = 0;
    for (const auto& [name, seconds] : phases) {
      std::printf("  %-20s %7.2f s  %5.2f x bare\n", name.c_str(), seconds, seconds / bare.seconds);
      accounted += seconds;
    }
    if (!phases.empty())
      std::printf("  %-20s %7.2f s  %5.2f x bare\n", "(start, commit, exit)", imp.seconds - accounted,
                  (imp.seconds - accounted) / bare.seconds);
    std::fflush(stdout);
    fs::remove(bare_db);
    fs::remove_all(data_dir);
  }
  return 0;
}
