#include "focus/column_catalog_rules.h"

#include <set>

#include <nlohmann/json.hpp>

#include "db/duckdb.h"
#include "focus/focus_data.h"
#include "focus/format_checks.h"

namespace focusd {

namespace {

const char* CatalogKey(FocusVersion v) {
  switch (v) {
    case FocusVersion::kPre10: return "1.0-preview";
    case FocusVersion::k10: return "1.0";
    case FocusVersion::k11: return "1.1";
    case FocusVersion::k12: return "1.2";
    case FocusVersion::k13: return "1.3";
  }
  return "1.2";
}

bool Contains(const std::string& s, const char* needle) { return s.find(needle) != std::string::npos; }

}  // namespace

Result<std::vector<CatalogColumn>> CatalogColumns(FocusVersion version) {
  nlohmann::json doc = nlohmann::json::parse(FocusDataFile("columns-by-version.json"), nullptr,
                                             /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::Internal("embedded columns-by-version.json is not JSON");
  const char* key = CatalogKey(version);
  if (!doc.contains(key) || !doc[key].contains("CostAndUsage") || !doc[key]["CostAndUsage"].is_array())
    return Status::NotFound(std::string("no column catalogue for FOCUS ") + key);
  std::vector<CatalogColumn> out;
  for (const auto& c : doc[key]["CostAndUsage"]) {
    if (!c.is_object() || !c.contains("ColumnId")) continue;
    CatalogColumn col;
    col.id = c.value("ColumnId", "");
    col.data_type = c.value("DataType", "");
    // 1.0-preview says ColumnRequired instead of FeatureLevel.
    col.feature_level = c.value("FeatureLevel", c.value("ColumnRequired", "") == "True" ? "Mandatory" : "");
    col.value_format = c.value("ValueFormat", "");
    col.allows_nulls = c.value("AllowsNulls", "True") != "False";
    if (auto av = c.find("AllowedValues"); av != c.end() && av->is_array()) {
      for (const auto& v : *av) {
        if (v.is_string()) col.allowed_values.push_back(v.get<std::string>());
        // ServiceSubcategory lists {ServiceCategory, ServiceSubcategory} pairs.
        else if (v.is_object() && v.contains(col.id) && v[col.id].is_string())
          col.allowed_values.push_back(v[col.id].get<std::string>());
      }
    }
    out.push_back(std::move(col));
  }
  return out;
}

Result<std::vector<CompiledRule>> CompileCatalogRules(FocusVersion version,
                                                      const std::vector<std::string>& columns,
                                                      const TypedColumns& typed) {
  // A column's typed reference and staged type; its text and "VARCHAR" when not typed.
  auto typed_ref = [&](const std::string& name) -> std::pair<std::string, std::string> {
    auto it = typed.find(name);
    if (it == typed.end()) return {SqlIdent(name), "VARCHAR"};
    return {it->second.ref, it->second.type};
  };
  ASSIGN_OR_RETURN(std::vector<CatalogColumn> catalog, CatalogColumns(version));
  std::set<std::string> present(columns.begin(), columns.end());
  std::vector<CompiledRule> out;
  for (const auto& col : catalog) {
    const std::string id = "focusd-" + col.id + "-";
    const std::string q = SqlIdent(col.id);
    const bool has = present.count(col.id) > 0;
    const auto [ref, type] = typed_ref(col.id);

    CompiledRule presence;
    presence.rule_id = id + "Presence";
    presence.column = col.id;
    presence.kind = CompiledRule::Kind::kPresence;
    presence.present = has;
    if (col.feature_level == "Mandatory") {
      presence.description = col.id + " MUST be present.";
      out.push_back(presence);
    } else if (col.feature_level == "Recommended") {
      presence.description = col.id + " is RECOMMENDED to be present.";
      presence.must = false;
      out.push_back(presence);
    } else if (!has) {
      presence.kind = CompiledRule::Kind::kSkipped;
      presence.description = col.id + " MUST be present when the provider supports it.";
      presence.skip_reason = "conditional column: required only when the provider supports it";
      out.push_back(presence);
    }
    if (!has) continue;  // nothing else to check on an absent column

    auto row_rule = [&](const std::string& suffix, const std::string& description,
                        const std::string& holds, bool must) {
      CompiledRule r;
      r.rule_id = id + suffix;
      r.column = col.id;
      r.description = description;
      r.must = must;
      r.kind = CompiledRule::Kind::kRow;
      r.violation_sql = "NOT " + holds;
      r.sample_columns = {col.id};
      out.push_back(std::move(r));
    };
    if (!col.allows_nulls)
      row_rule("Nullability", col.id + " MUST NOT be null.", "(" + ref + " IS NOT NULL)", true);
    if (col.data_type == "Decimal") {
      row_rule("Type", col.id + " MUST be of type Decimal.", SqlDecimalValueTyped(ref, type), true);
      row_rule("Format", col.id + " MUST conform to NumericFormat.", SqlNumericFormatTyped(ref, type), true);
    } else if (col.data_type == "Date/Time") {
      row_rule("Type", col.id + " MUST be of type Date/Time.", SqlDateTimeValueTyped(ref, type), true);
      row_rule("Format", col.id + " MUST conform to DateTimeFormat (YYYY-MM-DDTHH:mm:ssZ).",
               SqlDateTimeFormatTyped(ref, type), true);
    } else if (col.data_type == "JSON" && Contains(col.value_format, "Key-Value")) {
      row_rule("Format", col.id + " MUST conform to KeyValueFormat (a JSON object).",
               SqlKeyValueFormat(q), true);
    }
    if (Contains(col.value_format, "Currency"))
      row_rule("Format", col.id + " MUST be an ISO 4217 currency code.", SqlNationalCurrency(q),
               true);
    if (Contains(col.value_format, "Unit Format"))
      // The spec's UnitFormat is a SHOULD ("Units SHOULD be expressed as ...").
      row_rule("Format", col.id + " SHOULD conform to UnitFormat.", SqlUnitFormat(q), false);
    if (!col.allowed_values.empty()) {
      std::string list;
      for (const auto& v : col.allowed_values) list += (list.empty() ? "" : ", ") + SqlQuote(v);
      row_rule("AllowedValues", col.id + " MUST be one of the allowed values.",
               "(" + q + " IS NULL OR " + q + " IN (" + list + "))", true);
    }
  }
  // Cross-column: the spec's prose for ListCost/ContractedCost holds in 1.0 and 1.1 too.
  auto product = [&](const std::string& unit_price, const std::string& cost) {
    if (!present.count(unit_price) || !present.count("PricingQuantity") || !present.count(cost))
      return;
    CompiledRule r;
    r.rule_id = "focusd-" + cost + "-Product";
    r.column = cost;
    r.description = cost + " MUST equal " + unit_price +
                    " x PricingQuantity when both are not null and ChargeClass is not Correction.";
    r.kind = CompiledRule::Kind::kRow;
    auto dbl = [&](const std::string& name) {
      auto [ref, type] = typed_ref(name);
      return SqlDouble(ref, type);
    };
    std::string a = dbl(unit_price), b = dbl("PricingQuantity"), c = dbl(cost);
    std::string not_correction =
        present.count("ChargeClass") ? "\"ChargeClass\" IS DISTINCT FROM 'Correction'" : "TRUE";
    r.violation_sql = "(" + not_correction + " AND coalesce(abs(" + a + " * " + b + " - " + c +
                      ") > " + std::to_string(kProductAbsoluteTolerance) + " + " +
                      std::to_string(kProductRelativeTolerance) + " * abs(" + c + "), false))";
    r.sample_columns = {cost, unit_price, "PricingQuantity"};
    out.push_back(std::move(r));
  };
  product("ListUnitPrice", "ListCost");
  product("ContractedUnitPrice", "ContractedCost");
  return out;
}

}  // namespace focusd
