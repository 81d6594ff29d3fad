// Turns FOCUS rules into SQL over the validation view (one VARCHAR column per source column,
// null-likes already NULL, enum values already in canonical case, plus the typed value of
// each column staged typed, see TypedColumn; see validator.cc).
//
// A row rule compiles to a violation predicate: TRUE exactly for the rows that break it,
// i.e. (condition holds) AND NOT (requirement holds), where every check's "holds" predicate
// is NULL-safe. The validator counts all row rules in one table scan.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "focus/requirements_model.h"

namespace focusd {

struct CompiledRule {
  enum class Kind {
    kRow,       // violation_sql is a per-row predicate
    kPresence,  // column presence: decided from the column list (`present`)
    kGroup,     // group_sql selects the offending groups, one row each (e.g. distinct counts)
    kSkipped,   // not decidable from one file; skip_reason says why
  };
  std::string rule_id;
  std::string column;       // the column (or attribute) the rule is about
  std::string description;  // the specification's sentence
  bool must = true;         // MUST / MUST NOT (else SHOULD / RECOMMENDED)
  Kind kind = Kind::kRow;
  std::string violation_sql;
  std::string group_sql;
  bool present = true;
  std::vector<std::string> sample_columns;  // values shown for sample rows
  std::string skip_reason;
  std::string override_reason;  // set when rule_overrides.h changed or skipped the rule
};

// A column the staged table keeps typed (staging.h): how the validation view names the typed
// value, and its staged type. Its column name in the view still reads its text; checks whose
// answer the typed value gives alike (formats, numbers, nulls) read the typed value instead.
struct TypedColumn {
  std::string ref;   // SQL reference to the typed value
  std::string type;  // staged type
};
using TypedColumns = std::map<std::string, TypedColumn>;

// Compiles one check tree into a NULL-safe SQL predicate that is TRUE when the check holds.
// `as_condition`: absent columns read as NULL (a condition about a column the provider does
// not have is simply false/true accordingly); otherwise an absent column is NotFound, and
// the caller skips the rule. Unsupported or malformed checks are InvalidArgument.
class CheckCompiler {
 public:
  explicit CheckCompiler(std::set<std::string> present_columns, TypedColumns typed = {})
      : present_(std::move(present_columns)), typed_(std::move(typed)) {}
  Result<std::string> Holds(const nlohmann::json& check, bool as_condition,
                            std::set<std::string>* columns) const;
  bool Has(const std::string& column) const { return present_.count(column) > 0; }

 private:
  Result<std::string> Column(const nlohmann::json& check, const char* key, bool as_condition,
                             std::set<std::string>* columns) const;
  // A column as the typed reference and staged type to read it by ("VARCHAR" and its text
  // when the column is not typed, or absent in a condition).
  struct TypedRef {
    std::string ref, type;
  };
  Result<TypedRef> Typed(const nlohmann::json& check, const char* key, bool as_condition,
                         std::set<std::string>* columns) const;
  Result<std::string> JsonPathHolds(const nlohmann::json& check, const std::string& fn,
                                    std::set<std::string>* columns) const;
  Result<std::optional<std::string>> AllowedValuesLookup(const nlohmann::json& items,
                                                         std::set<std::string>* columns) const;
  std::set<std::string> present_;
  TypedColumns typed_;
};

// The Cost and Usage rules of a Requirements Model (1.2/1.3) for a file with `columns`:
// composites are not reported themselves, but their conditions (and applicability) flow to
// the rules they contain; overrides from rule_overrides.h are applied; Dynamic, MAY and
// Removed rules are skipped; the Contract Commitment dataset is left out.
std::vector<CompiledRule> CompileModelRules(const RequirementsModel& model,
                                            const std::vector<std::string>& columns,
                                            const TypedColumns& typed = {});

// Tolerance for "ListCost = ListUnitPrice x PricingQuantity" style checks: the product may
// differ from the stated cost by half a minor currency unit (costs are often rounded to
// cents per line) plus one part per million of the cost (unit prices are published rounded,
// and the product is computed in binary floating point).
inline constexpr double kProductAbsoluteTolerance = 0.005;
inline constexpr double kProductRelativeTolerance = 1e-6;

}  // namespace focusd
