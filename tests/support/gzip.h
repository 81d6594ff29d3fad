// gzip-compresses bytes in memory, for tests that publish gzip CSV reports to a test store.
#pragma once

#include <string>

namespace focusd::testing {

// With `finish` false the stream stops after a sync flush: it decodes to all of `data` but
// has no end marker, like a download cut short at a flush point.
std::string Gzip(const std::string& data, bool finish = true);

}  // namespace focusd::testing
