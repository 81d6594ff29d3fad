#include "api/cost_result_json.h"

#include <cstdio>

namespace focusd {
namespace {

// A JSON string literal. DuckDB's text is valid UTF-8, so only quotes, backslashes and control
// characters need escaping.
void AppendJsonString(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace

std::string CostResultJson(const CostResult& r) {
  std::string out;
  out.reserve(256 + r.rows.size() * (48 + 24 * r.dimensions.size()));
  out += "{\"metric\":";
  AppendJsonString(out, r.metric);
  out += ",\"dimensions\":[";
  for (size_t d = 0; d < r.dimensions.size(); ++d) {
    if (d) out += ',';
    AppendJsonString(out, r.dimensions[d]);
  }
  out += "],\"currency_note\":\"Costs are summed per BillingCurrency; amounts in different currencies are never "
         "added.\",\"rows\":[";
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    out += i ? ",{\"currency\":" : "{\"currency\":";
    AppendJsonString(out, row.currency);
    for (size_t d = 0; d < r.dimensions.size(); ++d) {
      out += ',';
      AppendJsonString(out, r.dimensions[d]);
      out += ':';
      if (row.dims[d]) AppendJsonString(out, *row.dims[d]);
      else out += "null";
    }
    out += ",\"cost\":";
    AppendJsonString(out, row.cost);
    out += '}';
  }
  out += "],\"totals\":[";
  for (size_t i = 0; i < r.totals.size(); ++i) {
    const auto& t = r.totals[i];
    out += i ? ",{\"currency\":" : "{\"currency\":";
    AppendJsonString(out, t.currency);
    out += ",\"cost\":";
    AppendJsonString(out, t.cost);
    out += ",\"rows\":" + std::to_string(t.rows) + "}";
  }
  out += "],\"truncated\":";
  out += r.truncated ? "true}" : "false}";
  return out;
}

}  // namespace focusd
