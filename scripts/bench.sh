#!/usr/bin/env bash
# Builds focusd and the benchmark, then compares `focusd import` with DuckDB's bare load on
# generated FOCUS 1.2 files. BENCH_ROWS="1000000 10000000" (default: 1M), BENCH_DIR (bench-data).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja >/dev/null
cmake --build "$BUILD_DIR" --target focusd focus_bench
for rows in ${BENCH_ROWS:-1000000}; do
  "$BUILD_DIR/bench/focus_bench" --focusd "$BUILD_DIR/focusd" --rows "$rows" \
    --dir "${BENCH_DIR:-bench-data}" --formats "${BENCH_FORMATS:-csv_gzip,parquet}"
done
