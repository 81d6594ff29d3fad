// FocusValidator: checks staged FOCUS rows (staging.h) against the specification.
//
// 1.2 and 1.3 files are checked against the FOCUS Requirements Model (with the fixes listed
// in rule_overrides.h); 1.0 and 1.1 against the column catalogue (column_catalog_rules.h).
// On top, focusd's own deviation rules: focusd-NullLiteral (empty strings or the text "NULL"
// standing for null) and focusd-EnumCase (an allowed value in the wrong case, e.g.
// "Usage-based"). Rules run as SQL: all row rules are counted in one scan of the staged
// table, and sample rows are fetched in one more scan, only when some rule fails.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "db/duckdb.h"
#include "focus/focus_version.h"
#include "focus/shared_scan.h"
#include "focus/staging.h"

namespace focusd {

struct RuleResult {
  enum Status { kPass, kFail, kSkipped };
  std::string rule_id, column, description;
  Status status = kPass;
  bool must = true;          // MUST / MUST NOT; false for SHOULD / RECOMMENDED
  int64_t violations = 0;    // rows (or groups, for group rules) that break the rule
  std::vector<nlohmann::json> samples;  // up to 5: {"_file", "_row", offending values as read}
  std::string skip_reason;
  std::string override_reason;  // set when rule_overrides.h departs from the model here
};

struct ValidationReport {
  FocusVersion version = FocusVersion::k12;
  int64_t rows = 0;
  std::vector<RuleResult> rules;
  int must_failures = 0, should_failures = 0, passed = 0, skipped = 0;
  double seconds = 0;  // wall time of the validation queries
  bool ok() const { return must_failures == 0; }
};

struct ValidatorOptions {
  std::optional<FocusVersion> version;  // overrides StagedFiles::version when set
  int max_samples = 5;
  // Aggregates to take along in the one scan that counts every row rule (the normalizer's
  // profile, see importer.cc); their values are left in shared->result, which stays empty when
  // they break the scan (the rules are then counted without them). The null-literal rule
  // reads its counts from them.
  SharedScan* shared = nullptr;

  static ValidatorOptions SharingScan(SharedScan* shared) {
    ValidatorOptions o;
    o.shared = shared;
    return o;
  }
};

class FocusValidator {
 public:
  static Result<ValidationReport> Validate(DuckConnection& conn, const StagedFiles& staged,
                                           ValidatorOptions options = {});
};

const char* RuleStatusName(RuleResult::Status s);  // "PASS", "FAIL", "SKIPPED"

}  // namespace focusd
