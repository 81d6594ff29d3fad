#include "focus/rule_overrides.h"

namespace focusd {

namespace {

using A = RuleOverride::Action;

// Check-tree snippets in the model's own language.
#define IS_NULL(c) R"({"CheckFunction":"CheckValue","ColumnName":")" c R"(","Value":null})"
#define NOT_NULL(c) R"({"CheckFunction":"CheckNotValue","ColumnName":")" c R"(","Value":null})"
#define EQUALS(c, v) R"({"CheckFunction":"CheckValue","ColumnName":")" c R"(","Value":")" v R"("})"
#define NOT_EQUALS(c, v) R"({"CheckFunction":"CheckNotValue","ColumnName":")" c R"(","Value":")" v R"("})"
#define ALL2(a, b) R"({"CheckFunction":"AND","Items":[)" a "," b "]}"
#define ANY2(a, b) R"({"CheckFunction":"OR","Items":[)" a "," b "]}"
#define DECIMAL(c) R"({"CheckFunction":"CheckDecimalValue","ColumnName":")" c R"("})"

const std::vector<RuleOverride> kOverrides = {
    // --- Conditions written as a bare {"AND": ...} (no CheckFunction). The reference validator
    // drops such a condition and then fires the rule on every row.
    {"CapacityReservationStatus-C-003-C", A::kReplace, IS_NULL("CapacityReservationId"), "",
     "condition is a bare {\"AND\": ...}; prose: \"MUST be null when CapacityReservationId is null\""},
    {"CapacityReservationStatus-C-004-C", A::kReplace,
     ALL2(NOT_NULL("CapacityReservationId"), EQUALS("ChargeCategory", "Usage")), "",
     "condition is a bare {\"AND\": [...]}; prose: \"MUST NOT be null when CapacityReservationId is "
     "not null and ChargeCategory is Usage\""},
    {"CAU-CapacityReservationStatus-C-003-C", A::kReplace, IS_NULL("CapacityReservationId"), "",
     "condition is a bare {\"AND\": ...}; prose: \"MUST be null when CapacityReservationId is null\""},
    {"CAU-CapacityReservationStatus-C-004-C", A::kReplace,
     ALL2(NOT_NULL("CapacityReservationId"), EQUALS("ChargeCategory", "Usage")), "",
     "condition is a bare {\"AND\": [...]}; prose: \"MUST NOT be null when CapacityReservationId is "
     "not null and ChargeCategory is Usage\""},

    // --- CommitmentDiscountStatus: condition/requirement inverted against the prose.
    {"CommitmentDiscountStatus-C-003-C", A::kReplace, IS_NULL("CommitmentDiscountId"),
     IS_NULL("CommitmentDiscountStatus"),
     "listed as inverted; restated from the prose: \"MUST be null when CommitmentDiscountId is null\""},
    {"CommitmentDiscountStatus-C-004-C", A::kReplace,
     ALL2(NOT_NULL("CommitmentDiscountId"), EQUALS("ChargeCategory", "Usage")), "",
     "condition is \"CommitmentDiscountId IS NULL\"; prose: \"MUST NOT be null when "
     "CommitmentDiscountId is not null and ChargeCategory is Usage\""},
    {"CAU-CommitmentDiscountStatus-C-003-C", A::kReplace, IS_NULL("CommitmentDiscountId"),
     IS_NULL("CommitmentDiscountStatus"),
     "requirement is \"not null\"; prose: \"MUST be null when CommitmentDiscountId is null\""},
    {"CAU-CommitmentDiscountStatus-C-004-C", A::kReplace,
     ALL2(NOT_NULL("CommitmentDiscountId"), EQUALS("ChargeCategory", "Usage")), "",
     "condition is \"CommitmentDiscountId IS NULL\"; prose: \"MUST NOT be null when "
     "CommitmentDiscountId is not null and ChargeCategory is Usage\""},

    // --- Conditions naming their column with "CheckCondition" instead of "ColumnName".
    {"ResourceType-C-005-C", A::kReplace, NOT_NULL("ResourceId"), NOT_NULL("ResourceType"),
     "listed as using key CheckCondition; restated from the prose: \"MUST NOT be null when "
     "ResourceId is not null\""},
    {"CAU-ResourceType-C-005-C", A::kReplace, NOT_NULL("ResourceId"), "",
     "condition uses key CheckCondition instead of ColumnName; prose: \"when ResourceId is not null\""},
    {"ResourceId-C-006-C", A::kReplace, NOT_NULL("ResourceId"), "",
     "condition uses key CheckCondition instead of ColumnName; prose: \"When ResourceId is not null\""},
    {"CAU-ResourceId-C-006-C", A::kReplace, NOT_NULL("ResourceId"), "",
     "condition uses key CheckCondition instead of ColumnName; prose: \"When ResourceId is not null\""},

    // --- Wrong column.
    {"PricingCurrencyEffectiveCost-C-004-M", A::kReplace, "", DECIMAL("PricingCurrencyEffectiveCost"),
     "requirement checks PricingCurrencyListUnitPrice >= 0; prose: \"PricingCurrencyEffectiveCost "
     "MUST be a valid decimal value\""},
    {"CAU-PricingCurrencyEffectiveCost-C-004-M", A::kReplace, "",
     DECIMAL("PricingCurrencyEffectiveCost"),
     "requirement checks PricingCurrencyListUnitPrice >= 0; prose: \"PricingCurrencyEffectiveCost "
     "MUST be a valid decimal value\""},

    // --- Inverted conditions.
    {"CAU-PricingCurrencyContractedUnitPrice-C-012-C", A::kReplace, NOT_NULL("SkuPriceId"), "",
     "condition is \"SkuPriceId IS NULL\"; prose: \"MUST NOT be null when SkuPriceId is not null\""},
    {"ConsumedQuantity-C-006-C", A::kReplace, NOT_EQUALS("ChargeClass", "Correction"), "",
     "condition is \"ChargeClass = Correction\"; prose: \"MUST NOT be null when ChargeClass is not "
     "Correction\""},
    {"CAU-ConsumedQuantity-C-006-C", A::kReplace, NOT_EQUALS("ChargeClass", "Correction"), "",
     "condition is \"ChargeClass = Correction\"; prose: \"MUST NOT be null when ChargeClass is not "
     "Correction\""},
    {"CommitmentDiscountQuantity-C-010-C", A::kReplace, EQUALS("ChargeCategory", "Purchase"), "",
     "condition is \"ChargeCategory IS NULL\"; prose: \"When ChargeCategory is Purchase\""},
    {"Tags-C-003-C", A::kReplace, NOT_NULL("Tags"), "",
     "condition is \"Tags IS NULL\"; prose: \"When Tags is not null\""},
    {"CAU-Tags-C-003-C", A::kReplace, NOT_NULL("Tags"), "",
     "condition is \"Tags IS NULL\"; prose: \"When Tags is not null\""},

    // --- Wrong allowed values: the prose (and the column table) says "Used" and "Unused";
    // the model lists the values of a different concept.
    {"CommitmentDiscountStatus-C-005-M", A::kReplace, "",
     ANY2(EQUALS("CommitmentDiscountStatus", "Used"), EQUALS("CommitmentDiscountStatus", "Unused")),
     "model allows Active/Expired/Pending; the specification's allowed values are Used, Unused"},
    {"CAU-CommitmentDiscountStatus-C-005-M", A::kReplace, "",
     ANY2(EQUALS("CommitmentDiscountStatus", "Used"), EQUALS("CommitmentDiscountStatus", "Unused")),
     "model allows Active/Expired/Pending; the specification's allowed values are Used, Unused"},

    // --- Conditions the data cannot express: the model's stand-in misfires.
    {"BilledCost-C-005-C", A::kSkip, "", "",
     "\"payments received by a third party (marketplace)\" is not in the data; the model's stand-in "
     "ProviderName <> InvoiceIssuerName fires on ordinary rows (AWS vs \"Amazon Web Services, Inc.\")"},
    {"EffectiveCost-C-005-C", A::kSkip, "", "",
     "\"the purchase is intended to cover future eligible charges\" is not in the data; the model "
     "applies it to every Purchase row"},
    {"CAU-EffectiveCost-C-005-C", A::kSkip, "", "",
     "\"the purchase is intended to cover future eligible charges\" is not in the data; the model "
     "applies it to every Purchase row"},
    {"InvoiceId-C-004-C", A::kSkip, "", "",
     "empty condition: \"when the charge is not associated with an invoice\" is not in the data; "
     "the model would demand InvoiceId be null on every row"},
    {"InvoiceId-C-005-C", A::kSkip, "", "",
     "empty condition: \"when the charge is associated with an invoice\" is not in the data; the "
     "model would demand InvoiceId on every row"},
};

#undef IS_NULL
#undef NOT_NULL
#undef EQUALS
#undef NOT_EQUALS
#undef ALL2
#undef ANY2
#undef DECIMAL

}  // namespace

const std::vector<RuleOverride>& RuleOverrides() { return kOverrides; }

const RuleOverride* FindRuleOverride(std::string_view rule_id) {
  for (const auto& o : kOverrides)
    if (o.rule_id == rule_id) return &o;
  return nullptr;
}

}  // namespace focusd
