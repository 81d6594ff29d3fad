// The FOCUS reference files compiled into the binary (src/focus/data, embedded by
// cmake/embed_focus_data.cmake): "model-1.2.json", "model-1.3.json" (Requirements Model),
// "columns-by-version.json" (column catalogue), "currency_codes.csv" (ISO 4217).
#pragma once

#include <string_view>

namespace focusd {

// The file's bytes, or an empty view when there is no such file.
std::string_view FocusDataFile(std::string_view name);

}  // namespace focusd
