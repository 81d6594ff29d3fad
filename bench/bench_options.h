// What the benchmarks share: their command line (--rows N --iterations K --dir DIR), latency
// percentiles, and how they fail.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/status.h"

namespace focusd {

using Ms = std::chrono::duration<double, std::milli>;

struct BenchOptions {
  int64_t rows = 1'000'000;
  int iterations = 20;
  std::string dir;  // scratch folder, emptied at start
};

// Parses the command line, quiets the log to warnings and empties the scratch folder.
inline BenchOptions StartBench(int argc, char** argv, const std::string& default_dir_name) {
  BenchOptions o;
  o.dir = std::filesystem::temp_directory_path() / default_dir_name;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--rows")) o.rows = std::stoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--iterations")) o.iterations = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--dir")) o.dir = argv[i + 1];
  }
  spdlog::set_level(spdlog::level::warn);
  std::filesystem::remove_all(o.dir);
  std::filesystem::create_directories(o.dir);
  return o;
}

// The p-quantile (0..1) of `v`, nearest rank.
inline double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * (v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

inline int BenchFail(const char* bench, const Status& s) {
  std::fprintf(stderr, "%s: %s\n", bench, s.ToString().c_str());
  return 1;
}

}  // namespace focusd
