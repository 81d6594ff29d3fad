#include "focus/canonical_schema.h"

#include <strings.h>

namespace focusd {

const std::vector<CanonicalColumn>& CanonicalColumns() {
  static const std::vector<CanonicalColumn> kColumns = {
#include "focus/canonical_columns.inc"
  };
  return kColumns;
}

static bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

const CanonicalColumn* FindCanonicalColumn(std::string_view name) {
  for (const auto& c : CanonicalColumns())
    if (EqualsIgnoreCase(c.name, name)) return &c;
  return nullptr;
}

const char* DuckDbType(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::kDecimal: return kMoneyType;
    case ColumnKind::kTimestamp: return "TIMESTAMP";
    case ColumnKind::kString:
    case ColumnKind::kJson: return "VARCHAR";
  }
  return "VARCHAR";
}

bool IsProviderExtension(std::string_view column) {
  auto starts = [&](std::string_view p) {
    return column.size() > p.size() && EqualsIgnoreCase(column.substr(0, p.size()), p);
  };
  return starts("x_") || starts("oci_");
}

const std::vector<std::string_view>& ImportRequiredColumns() {
  static const std::vector<std::string_view> kRequired = {
      "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd",
      "ChargeCategory",     "BilledCost",       "EffectiveCost"};
  return kRequired;
}

}  // namespace focusd
