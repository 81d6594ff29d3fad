#include "focus/shared_scan.h"

namespace focusd {

DuckResult SharedScanResult(const DuckResult& scan, size_t first, size_t count) {
  DuckResult out;
  out.columns_.push_back(scan.columns()[0]);
  out.rows_.push_back({scan.Get(0, 0)});
  for (size_t i = first; i < first + count; ++i) {
    out.columns_.push_back(scan.columns()[i]);
    out.rows_[0].push_back(scan.Get(0, i));
  }
  return out;
}

}  // namespace focusd
