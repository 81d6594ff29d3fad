#include "focus/validator.h"

#include <cctype>
#include <chrono>
#include <map>
#include <set>

#include "focus/column_catalog_rules.h"
#include "focus/format_functions.h"
#include "focus/requirements_model.h"
#include "focus/rule_compiler.h"

namespace focusd {

namespace {

std::string RawAlias(size_t i) { return "__focusd_raw_" + std::to_string(i); }
std::string TypedAlias(size_t i) { return "__focusd_typed_" + std::to_string(i); }

std::string StagedType(const StagedFiles& staged, size_t i) {
  return i < staged.types.size() ? staged.types[i] : "VARCHAR";
}

// The view every rule reads: null-likes as NULL and enum values in their canonical case,
// which is what the normalizer stores; the raw text stays reachable for samples and for the
// deviation rules.
std::string ViewSql(const std::string& view, const StagedFiles& staged,
                    const std::map<std::string, std::vector<std::string>>& enums,
                    const SharedScan* shared) {
  std::string sql = "CREATE OR REPLACE TEMP VIEW " + SqlIdent(view) + " AS SELECT _file, _row";
  for (size_t i = 0; i < staged.columns.size(); ++i) {
    const std::string& name = staged.columns[i];
    std::string q = SqlIdent(name);
    const std::string type = StagedType(staged, i);
    if (type != "VARCHAR") {
      // A typed column: its text is never null-like nor an enum value in another case. Rules
      // read the typed value where they can (rule_compiler.h TypedColumn).
      std::string text = StagedTextExpr(q, type);
      sql += ", " + text + " AS " + q + ", " + q + " AS " + SqlIdent(TypedAlias(i)) + ", " + text +
             " AS " + SqlIdent(RawAlias(i));
      continue;
    }
    std::string clean = "CASE WHEN " + NullLikeText(q) + " THEN NULL";
    if (auto it = enums.find(name); it != enums.end()) {
      // Exact matches (nearly every row) skip the case-folding lookup.
      std::string list;
      for (const auto& v : it->second) list += (list.empty() ? "" : ", ") + SqlQuote(v);
      clean += " WHEN list_contains([" + list + "], " + q + ") THEN " + q;
      clean += " ELSE CASE lower(" + q + ")";
      for (const auto& v : it->second) {
        std::string lower;
        for (char ch : v) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
        clean += " WHEN " + SqlQuote(lower) + " THEN " + SqlQuote(v);
      }
      clean += " ELSE " + q + " END";
    } else {
      clean += " ELSE " + q;
    }
    clean += " END";
    sql += ", " + clean + " AS " + q + ", " + q + " AS " + SqlIdent(RawAlias(i));
  }
  if (shared) sql += shared->projection;
  return sql + " FROM " + SqlIdent(staged.table);
}

std::string SampleStruct(const std::vector<std::string>& cols,
                         const std::map<std::string, size_t>& index) {
  std::string s = "struct_pack(\"_file\" := _file, \"_row\" := _row";
  for (const auto& c : cols) {
    auto it = index.find(c);
    if (it == index.end()) continue;
    s += ", " + SqlIdent(c) + " := " + SqlIdent(RawAlias(it->second));
  }
  return s + ")";
}

void Tally(ValidationReport* report) {
  report->must_failures = report->should_failures = report->passed = report->skipped = 0;
  for (const auto& r : report->rules) {
    if (r.status == RuleResult::kPass) ++report->passed;
    else if (r.status == RuleResult::kSkipped) ++report->skipped;
    else if (r.must) ++report->must_failures;
    else ++report->should_failures;
  }
}

}  // namespace

const char* RuleStatusName(RuleResult::Status s) {
  switch (s) {
    case RuleResult::kPass: return "PASS";
    case RuleResult::kFail: return "FAIL";
    case RuleResult::kSkipped: return "SKIPPED";
  }
  return "?";
}

Result<ValidationReport> FocusValidator::Validate(DuckConnection& conn, const StagedFiles& staged,
                                                  ValidatorOptions options) {
  auto started = std::chrono::steady_clock::now();
  RETURN_IF_ERROR(RegisterFormatFunctions(conn));
  ValidationReport report;
  report.version = options.version.value_or(staged.version);

  // Rules for this version.
  TypedColumns typed;
  for (size_t i = 0; i < staged.columns.size(); ++i)
    if (StagedType(staged, i) != "VARCHAR")
      typed[staged.columns[i]] = {SqlIdent(TypedAlias(i)), StagedType(staged, i)};
  std::vector<CompiledRule> compiled;
  if (report.version == FocusVersion::k12 || report.version == FocusVersion::k13) {
    ASSIGN_OR_RETURN(RequirementsModel model, RequirementsModel::Embedded(report.version));
    compiled = CompileModelRules(model, staged.columns, typed);
  } else {
    ASSIGN_OR_RETURN(compiled, CompileCatalogRules(report.version, staged.columns, typed));
  }

  // Enum columns (for canonical case) from the catalogue of the same version.
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < staged.columns.size(); ++i) index.emplace(staged.columns[i], i);
  std::map<std::string, std::vector<std::string>> enums;
  ASSIGN_OR_RETURN(std::vector<CatalogColumn> catalog, CatalogColumns(report.version));
  for (const auto& c : catalog)
    if (!c.allowed_values.empty() && index.count(c.id)) enums[c.id] = c.allowed_values;

  const std::string view = staged.table + "__focusd_validate";
  RETURN_IF_ERROR(conn.Execute(ViewSql(view, staged, enums, options.shared)).WithContext("validation view"));

  // Row predicates: the model's rules, then the deviation rules (per column).
  struct Probe {
    int rule = -1;           // index into report.rules
    std::string predicate;   // TRUE = violation
    std::vector<std::string> sample_columns;
    int shared = -1;         // index of the SharedScan aggregate that counts the same thing
  };
  std::vector<Probe> probes;
  for (const auto& c : compiled) {
    RuleResult r;
    r.rule_id = c.rule_id;
    r.column = c.column;
    r.description = c.description;
    r.must = c.must;
    r.override_reason = c.override_reason;
    switch (c.kind) {
      case CompiledRule::Kind::kSkipped:
        r.status = RuleResult::kSkipped;
        r.skip_reason = c.skip_reason;
        break;
      case CompiledRule::Kind::kPresence:
        r.status = c.present ? RuleResult::kPass : RuleResult::kFail;
        r.violations = c.present ? 0 : 1;
        break;
      case CompiledRule::Kind::kRow:
        if (c.violation_sql != "FALSE")
          probes.push_back({static_cast<int>(report.rules.size()), c.violation_sql, c.sample_columns});
        break;
      case CompiledRule::Kind::kGroup: {
        std::string sql = c.group_sql;
        for (size_t p; (p = sql.find("{view}")) != std::string::npos;) sql.replace(p, 6, SqlIdent(view));
        auto res = conn.Query("SELECT count(*) FROM (" + sql + ")");
        if (!res.ok()) return res.status().WithContext("rule " + c.rule_id);
        r.violations = res->row_count() ? res->Int(0, 0) : 0;
        r.status = r.violations ? RuleResult::kFail : RuleResult::kPass;
        if (r.violations && options.max_samples > 0) {
          // Samples of a group rule are groups: the value and what it is paired with.
          auto samples = conn.Query("SELECT to_json(g) FROM (" + sql + " ORDER BY 1 LIMIT " +
                                    std::to_string(options.max_samples) + ") g");
          if (!samples.ok()) return samples.status().WithContext("rule " + c.rule_id);
          for (size_t i = 0; i < samples->row_count(); ++i) {
            auto j = nlohmann::json::parse(samples->Text(i, 0), nullptr, false);
            if (!j.is_discarded()) r.samples.push_back(std::move(j));
          }
        }
        break;
      }
    }
    report.rules.push_back(std::move(r));
  }
  std::vector<int> null_literal_probe(staged.columns.size(), -1), enum_probe(staged.columns.size(), -1);
  for (size_t i = 0; i < staged.columns.size(); ++i) {
    if (StagedType(staged, i) != "VARCHAR") continue;  // typed: never "" or "NULL"
    null_literal_probe[i] = static_cast<int>(probes.size());
    probes.push_back({-1, NullLikeText(SqlIdent(RawAlias(i))), {staged.columns[i]}});
    if (options.shared)
      if (auto it = options.shared->null_like_aggregates.find(staged.columns[i]);
          it != options.shared->null_like_aggregates.end())
        probes.back().shared = static_cast<int>(it->second);
    if (enums.count(staged.columns[i])) {
      enum_probe[i] = static_cast<int>(probes.size());
      probes.push_back({-1,
                        "coalesce(" + SqlIdent(RawAlias(i)) + " <> " + SqlIdent(staged.columns[i]) +
                            ", false)",
                        {staged.columns[i]}});
    }
  }

  // Scan 1: every count at once, with the aggregates taken along (SharedScan). A probe that
  // one of those answers (the normalizer counts null-like text too) is not counted twice.
  std::vector<int64_t> violations(probes.size());
  std::vector<std::string> probe_errors(probes.size());
  const std::string from = "\nFROM " + SqlIdent(view);
  auto scan = [&](bool share) -> Status {
    std::string sql = "SELECT count(*)";
    std::vector<size_t> column(probes.size());
    std::map<std::string, size_t> counted;  // predicate -> its column: rules that share one count it once
    size_t n = 1;
    for (size_t i = 0; i < probes.size(); ++i) {
      if (share && probes[i].shared >= 0) continue;
      auto [at, added] = counted.emplace(probes[i].predicate, n);
      column[i] = at->second;
      if (!added) continue;
      sql += ",\n count_if(" + probes[i].predicate + ")";
      ++n;
    }
    if (share)
      for (const auto& a : options.shared->aggregates) sql += ",\n " + a;
    ASSIGN_OR_RETURN(DuckResult counts, conn.Query(sql + from));
    report.rows = counts.Int(0, 0);
    for (size_t i = 0; i < probes.size(); ++i)
      violations[i] = counts.Int(0, share && probes[i].shared >= 0 ? n + probes[i].shared : column[i]);
    if (share) options.shared->result = SharedScanResult(counts, n, options.shared->aggregates.size());
    return Status::Ok();
  };
  Status counted = scan(options.shared != nullptr);
  // Aggregates taken along must not cost the rules their one scan: without them, the owner
  // scans for itself (and reports what is wrong).
  if (!counted.ok() && options.shared) counted = scan(false);
  if (!counted.ok()) {
    // One rule DuckDB cannot evaluate must not hide the others: count them one by one and
    // report the broken ones as skipped, with DuckDB's message.
    auto rows = conn.Query("SELECT count(*) FROM " + SqlIdent(view));
    if (!rows.ok()) return rows.status().WithContext("validation query");
    report.rows = rows->Int(0, 0);
    for (size_t i = 0; i < probes.size(); ++i) {
      auto one = conn.Query("SELECT count_if(" + probes[i].predicate + ") FROM " + SqlIdent(view));
      if (one.ok()) violations[i] = one->Int(0, 0);
      else probe_errors[i] = one.status().message();
    }
  }

  for (size_t i = 0; i < probes.size(); ++i) {
    if (probes[i].rule < 0) continue;
    auto& r = report.rules[probes[i].rule];
    r.violations = violations[i];
    r.status = violations[i] ? RuleResult::kFail : RuleResult::kPass;
    if (!probe_errors[i].empty()) {
      r.status = RuleResult::kSkipped;
      r.skip_reason = "could not evaluate: " + probe_errors[i];
    }
  }

  // Deviation rules: one result per affected column, or one PASS when none is.
  auto deviation = [&](const char* id, const std::vector<int>& probe_of, const std::string& what,
                       bool applicable) {
    bool any = false;
    for (size_t i = 0; i < staged.columns.size(); ++i) {
      int p = probe_of[i];
      if (p < 0 || violations[p] == 0) continue;
      any = true;
      probes[p].rule = static_cast<int>(report.rules.size());
      RuleResult r;
      r.rule_id = id;
      r.column = staged.columns[i];
      r.description = staged.columns[i] + ": " + what;
      r.status = RuleResult::kFail;
      r.violations = violations[p];
      report.rules.push_back(std::move(r));
    }
    if (!any) {
      RuleResult r;
      r.rule_id = id;
      r.description = what;
      r.status = applicable ? RuleResult::kPass : RuleResult::kSkipped;
      if (!applicable) r.skip_reason = "no column with allowed values in this file";
      report.rules.push_back(std::move(r));
    }
  };
  deviation("focusd-NullLiteral", null_literal_probe,
            "null MUST be a real null, not an empty string or the text \"NULL\" (NullHandling)", true);
  deviation("focusd-EnumCase", enum_probe,
            "allowed values MUST match the specification's case exactly (e.g. \"Usage-Based\", not "
            "\"Usage-based\"); focusd stores the canonical value",
            !enums.empty());

  // Scan 2: samples for the failing row rules only. First which rows (the first ones by file
  // and row) break each rule, then those rows' values in a filtered read: packing the values
  // of every breaking row inside the aggregate costs several times the first scan.
  std::string first_sql;
  std::vector<int> sampled;
  for (size_t i = 0; i < probes.size(); ++i) {
    if (probes[i].rule < 0 || violations[i] == 0 || !probe_errors[i].empty() ||
        options.max_samples <= 0)
      continue;
    first_sql += std::string(first_sql.empty() ? "SELECT " : ",\n ") +
                 "to_json(min(struct_pack(f := _file, r := _row), " + std::to_string(options.max_samples) +
                 ") FILTER (WHERE " + probes[i].predicate + "))";
    sampled.push_back(static_cast<int>(i));
  }
  if (!sampled.empty()) {
    auto firsts = conn.Query(first_sql + "\nFROM " + SqlIdent(view));
    if (!firsts.ok()) return firsts.status().WithContext("sample query");
    using RowKey = std::pair<std::string, int64_t>;  // (_file, _row)
    std::vector<std::vector<RowKey>> picks(sampled.size());
    std::set<std::string> files;
    std::set<int64_t> row_numbers;
    for (size_t k = 0; k < sampled.size(); ++k) {
      auto parsed = nlohmann::json::parse(firsts->Get(0, k).value_or("null"), nullptr, false);
      if (!parsed.is_array()) continue;
      for (const auto& p : parsed) {
        if (!p.is_object() || !p["f"].is_string() || !p["r"].is_number_integer()) continue;
        picks[k].emplace_back(p["f"].get<std::string>(), p["r"].get<int64_t>());
        files.insert(picks[k].back().first);
        row_numbers.insert(picks[k].back().second);
      }
    }
    std::string sample_sql = "SELECT _file, _row", file_list, row_list;
    for (size_t k = 0; k < sampled.size(); ++k)
      sample_sql += ",\n to_json(" + SampleStruct(probes[sampled[k]].sample_columns, index) + ")";
    for (const auto& f : files) file_list += (file_list.empty() ? "" : ", ") + SqlQuote(f);
    for (int64_t r : row_numbers) row_list += (row_list.empty() ? "" : ", ") + std::to_string(r);
    if (!row_list.empty()) {
      // The filter selects a superset (any picked file with any picked row number); the
      // exact (file, row) pairs are matched below.
      auto samples = conn.Query(sample_sql + "\nFROM " + SqlIdent(view) + " WHERE _row IN (" + row_list +
                                ") AND _file IN (" + file_list + ")");
      if (!samples.ok()) return samples.status().WithContext("sample query");
      std::map<RowKey, size_t> at;
      for (size_t i = 0; i < samples->row_count(); ++i) at[{samples->Text(i, 0), samples->Int(i, 1)}] = i;
      for (size_t k = 0; k < sampled.size(); ++k) {
        auto& r = report.rules[probes[sampled[k]].rule];
        for (const auto& key : picks[k]) {
          auto it = at.find(key);
          if (it == at.end()) continue;
          auto parsed = nlohmann::json::parse(samples->Get(it->second, k + 2).value_or("null"), nullptr, false);
          if (parsed.is_object()) r.samples.push_back(std::move(parsed));
        }
      }
    }
  }

  (void)conn.Execute("DROP VIEW IF EXISTS " + SqlIdent(view));
  Tally(&report);
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace focusd
