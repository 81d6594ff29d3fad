#include "focus/rule_compiler.h"

#include <functional>
#include <map>
#include <optional>
#include <sstream>

#include "db/duckdb.h"
#include "focus/format_checks.h"
#include "focus/rule_overrides.h"

namespace focusd {

namespace {

std::string Num(double v) {
  std::ostringstream o;
  o.precision(17);
  o << v;
  return o.str();
}

std::string JoinSql(const std::vector<std::string>& parts, const char* op, const char* empty) {
  if (parts.empty()) return empty;
  if (parts.size() == 1) return parts[0];
  std::string out = "(";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += std::string(" ") + op + " ";
    out += parts[i];
  }
  return out + ")";
}

bool IsMustKeyword(const std::string& k) { return k == "MUST" || k == "MUST NOT"; }

}  // namespace

Result<std::string> CheckCompiler::Column(const nlohmann::json& check, const char* key,
                                          bool as_condition, std::set<std::string>* columns) const {
  auto it = check.find(key);
  if (it == check.end() || !it->is_string())
    return Status::InvalidArgument(std::string("check has no ") + key);
  std::string name = it->get<std::string>();
  if (!Has(name)) {
    if (as_condition) return std::string("NULL::VARCHAR");
    return Status::NotFound("column " + name + " is not in the file");
  }
  if (columns) columns->insert(name);
  return SqlIdent(name);
}

Result<CheckCompiler::TypedRef> CheckCompiler::Typed(const nlohmann::json& check, const char* key,
                                                     bool as_condition,
                                                     std::set<std::string>* columns) const {
  ASSIGN_OR_RETURN(std::string text, Column(check, key, as_condition, columns));
  auto it = typed_.find(check.value(key, ""));
  if (it == typed_.end() || !Has(it->first)) return TypedRef{text, "VARCHAR"};
  return TypedRef{it->second.ref, it->second.type};
}

namespace {

// A CheckValue item with a string Value: its column and value, else nullopt.
std::optional<std::pair<std::string, std::string>> StringValueCheck(const nlohmann::json& j) {
  if (!j.is_object() || j.value("CheckFunction", "") != "CheckValue") return std::nullopt;
  auto c = j.find("ColumnName");
  auto v = j.find("Value");
  if (c == j.end() || !c->is_string() || v == j.end() || !v->is_string()) return std::nullopt;
  return std::make_pair(c->get<std::string>(), v->get<std::string>());
}

}  // namespace

Result<std::optional<std::string>> CheckCompiler::AllowedValuesLookup(
    const nlohmann::json& items, std::set<std::string>* columns) const {
  // Shape 1: OR of CheckValue(col, "v") on one column.
  // Shape 2: OR of AND(CheckValue(a, "x"), CheckValue(b, "y")) on the same two columns.
  std::vector<std::string> cols;
  std::vector<std::string> keys;
  for (const auto& item : items) {
    std::vector<std::pair<std::string, std::string>> parts;
    if (auto one = StringValueCheck(item)) {
      parts.push_back(*one);
    } else if (item.is_object() && item.value("CheckFunction", "") == "AND" &&
               item.contains("Items") && item["Items"].is_array()) {
      for (const auto& sub : item["Items"]) {
        auto p = StringValueCheck(sub);
        if (!p) return std::optional<std::string>();
        parts.push_back(*p);
      }
    } else {
      return std::optional<std::string>();
    }
    if (cols.empty())
      for (const auto& p : parts) cols.push_back(p.first);
    if (parts.size() != cols.size()) return std::optional<std::string>();
    std::string key;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (parts[i].first != cols[i]) return std::optional<std::string>();
      key += (i ? "\x1f" : "") + parts[i].second;
    }
    keys.push_back(key);
  }
  if (cols.empty() || cols.size() > 2) return std::optional<std::string>();
  std::vector<std::string> refs;
  for (const auto& c : cols) {
    if (!Has(c)) return Status::NotFound("column " + c + " is not in the file");
    if (columns) columns->insert(c);
    refs.push_back(SqlIdent(c));
  }
  std::string list = "[";
  for (size_t i = 0; i < keys.size(); ++i) list += (i ? ", " : "") + SqlQuote(keys[i]);
  list += "]";
  // A null in any of the columns is left to that column's nullability rule.
  std::string nulls, probe;
  for (size_t i = 0; i < refs.size(); ++i) {
    nulls += refs[i] + " IS NULL OR ";
    probe += (i ? " || chr(31) || " : "") + refs[i];
  }
  return std::optional<std::string>("(" + nulls + "list_contains(" + list + ", " + probe + "))");
}

Result<std::string> CheckCompiler::Holds(const nlohmann::json& check, bool as_condition,
                                         std::set<std::string>* columns) const {
  if (!check.is_object()) return Status::InvalidArgument("check is not an object");
  auto fn_it = check.find("CheckFunction");
  if (fn_it == check.end() || !fn_it->is_string())
    return Status::InvalidArgument("check without CheckFunction: " + check.dump());
  const std::string fn = fn_it->get<std::string>();

  if (fn == "AND" || fn == "OR") {
    auto items = check.find("Items");
    if (items == check.end() || !items->is_array() || items->empty())
      return Status::InvalidArgument(fn + " without Items");
    if (fn == "OR" && !as_condition) {
      // Allowed-value lists ("X MUST be one of ...", up to ~80 values, or pairs such as
      // ServiceCategory/ServiceSubcategory) become one list lookup instead of a chain of
      // comparisons: the same answer, a fraction of the work per row.
      ASSIGN_OR_RETURN(std::optional<std::string> lookup, AllowedValuesLookup(*items, columns));
      if (lookup) return *lookup;
    }
    std::vector<std::string> parts;
    for (const auto& item : *items) {
      ASSIGN_OR_RETURN(std::string p, Holds(item, as_condition, columns));
      parts.push_back(std::move(p));
    }
    return JoinSql(parts, fn.c_str(), "TRUE");
  }

  auto col = [&](const char* key) { return Column(check, key, as_condition, columns); };
  auto typed = [&](const char* key) { return Typed(check, key, as_condition, columns); };
  auto value = check.find("Value");

  if (fn == "CheckValue" || fn == "CheckNotValue") {
    ASSIGN_OR_RETURN(TypedRef t, typed("ColumnName"));
    ASSIGN_OR_RETURN(std::string c, col("ColumnName"));
    if (value == check.end()) return Status::InvalidArgument(fn + " without Value");
    bool negate = fn == "CheckNotValue";
    if (value->is_null()) return "(" + t.ref + (negate ? " IS NOT NULL)" : " IS NULL)");
    // As a requirement, a value check speaks about the values that are there: a null
    // neither equals nor breaks "X MUST be one of ..." (nullability is its own rule). As a
    // condition, a null matches no value.
    const char* null_means = as_condition ? "false" : "true";
    if (value->is_number()) {
      std::string v = Num(value->get<double>());
      std::string d = SqlDouble(t.ref, t.type);
      return negate ? "coalesce(" + d + " <> " + v + ", true)"
                    : "coalesce(" + d + " = " + v + ", " + null_means + ")";
    }
    if (value->is_string()) {
      std::string v = SqlQuote(value->get<std::string>());
      if (negate) return "(" + c + " IS DISTINCT FROM " + v + ")";
      return "coalesce(" + c + " = " + v + ", " + null_means + ")";
    }
    return Status::InvalidArgument(fn + " with unsupported Value " + value->dump());
  }
  if (fn == "CheckSameValue" || fn == "CheckNotSameValue") {
    ASSIGN_OR_RETURN(std::string a, col("ColumnAName"));
    ASSIGN_OR_RETURN(std::string b, col("ColumnBName"));
    ASSIGN_OR_RETURN(TypedRef ta, typed("ColumnAName"));
    ASSIGN_OR_RETURN(TypedRef tb, typed("ColumnBName"));
    if (ta.type == tb.type) {  // both typed alike (or both text): compare the values read
      a = ta.ref;
      b = tb.ref;
    }
    if (fn == "CheckSameValue") return "(" + a + " IS NOT DISTINCT FROM " + b + ")";
    return "coalesce(" + a + " <> " + b + ", false)";
  }
  if (fn == "CheckGreaterOrEqualThanValue") {
    ASSIGN_OR_RETURN(TypedRef t, typed("ColumnName"));
    if (value == check.end() || !value->is_number())
      return Status::InvalidArgument(fn + " without a numeric Value");
    return "coalesce(" + SqlDouble(t.ref, t.type) + " >= " + Num(value->get<double>()) + ", true)";
  }
  if (fn == "TypeDecimal" || fn == "CheckDecimalValue") {
    ASSIGN_OR_RETURN(TypedRef t, typed("ColumnName"));
    return SqlDecimalValueTyped(t.ref, t.type);
  }
  if (fn == "FormatNumeric") {
    ASSIGN_OR_RETURN(TypedRef t, typed("ColumnName"));
    return SqlNumericFormatTyped(t.ref, t.type);
  }
  if (fn == "TypeString" || fn == "FormatString") {
    // Every staged value is a DuckDB VARCHAR, which is valid UTF-8 by construction.
    ASSIGN_OR_RETURN(std::string c, col("ColumnName"));
    (void)c;
    return std::string("TRUE");
  }
  if (fn == "TypeDateTime") {
    ASSIGN_OR_RETURN(TypedRef t, typed("ColumnName"));
    return SqlDateTimeValueTyped(t.ref, t.type);
  }
  if (fn == "FormatDateTime") {
    ASSIGN_OR_RETURN(TypedRef t, typed("ColumnName"));
    return SqlDateTimeFormatTyped(t.ref, t.type);
  }
  if (fn == "FormatCurrency") {
    ASSIGN_OR_RETURN(std::string c, col("ColumnName"));
    return SqlCurrencyFormat(c);
  }
  if (fn == "CheckNationalCurrency") {
    ASSIGN_OR_RETURN(std::string c, col("ColumnName"));
    return SqlNationalCurrency(c);
  }
  if (fn == "FormatUnit") {
    ASSIGN_OR_RETURN(std::string c, col("ColumnName"));
    return SqlUnitFormat(c);
  }
  if (fn == "FormatKeyValue") {
    ASSIGN_OR_RETURN(std::string c, col("ColumnName"));
    return SqlKeyValueFormat(c);
  }
  if (fn == "FormatJSON") {
    ASSIGN_OR_RETURN(std::string c, col("ColumnName"));
    return SqlJsonObject(c);
  }
  if (fn == "ColumnByColumnEqualsColumnValue") {
    ASSIGN_OR_RETURN(TypedRef a, typed("ColumnAName"));
    ASSIGN_OR_RETURN(TypedRef b, typed("ColumnBName"));
    ASSIGN_OR_RETURN(TypedRef r, typed("ResultColumnName"));
    std::string da = SqlDouble(a.ref, a.type), db = SqlDouble(b.ref, b.type),
                dr = SqlDouble(r.ref, r.type);
    return "coalesce(abs(" + da + " * " + db + " - " + dr + ") <= " +
           Num(kProductAbsoluteTolerance) + " + " + Num(kProductRelativeTolerance) + " * abs(" +
           dr + "), true)";
  }
  if (fn.rfind("JSON", 0) == 0 && !as_condition) return JsonPathHolds(check, fn, columns);
  return Status::InvalidArgument("check function " + fn + " is not supported");
}

Result<std::string> CheckCompiler::JsonPathHolds(const nlohmann::json& check, const std::string& fn,
                                                 std::set<std::string>* columns) const {
  // 1.3's JSON object columns (ContractApplied, AllocatedMethodDetails). Paths such as
  // "$.Elements[*].ContractId" address every element; DuckDB's json_extract() returns the
  // list of matches (missing keys left out, JSON nulls kept). Rows whose text is not JSON
  // hold here: the column's FormatJSON rule reports them once.
  ASSIGN_OR_RETURN(std::string c, Column(check, "ColumnName", /*as_condition=*/false, columns));
  std::string path = check.value("Path", "");
  if (path.empty() || path.front() != '$' || path.find('\'') != std::string::npos)
    return Status::InvalidArgument(fn + " without a usable Path");
  const bool many = path.find("[*]") != std::string::npos;
  const std::string p = SqlQuote(path);
  // Values at the path as a list of JSON (one element when the path has no wildcard).
  const std::string values = many ? "json_extract(" + c + ", " + p + ")"
                                  : "[json_extract(" + c + ", " + p + ")]";
  auto every = [&](const std::string& lambda_body) {  // body over x (a JSON value)
    return "coalesce(list_bool_and(list_transform(list_filter(" + values +
           ", x -> x IS NOT NULL), x -> " + lambda_body + ")), true)";
  };
  std::string body;
  if (fn == "JSONCheckPathKeyExists") {
    auto dot = path.rfind('.');
    if (dot == std::string::npos || dot == 0) return Status::InvalidArgument(fn + ": bad Path");
    std::string parent = path.substr(0, dot);
    body = many ? "len(json_extract(" + c + ", " + p + ")) = len(json_extract(" + c + ", " +
                      SqlQuote(parent) + "))"
                : "json_exists(" + c + ", " + p + ")";
  } else if (fn == "JSONCheckPathType") {
    std::string t = check.value("ExpectedType", "");
    std::string types = t == "Array"    ? "'ARRAY'"
                        : t == "Object" ? "'OBJECT'"
                        : t == "String" ? "'VARCHAR'"
                        : t == "Decimal" ? "'UBIGINT', 'BIGINT', 'DOUBLE', 'HUGEINT', 'UHUGEINT'"
                                         : "";
    if (types.empty()) return Status::InvalidArgument(fn + ": unknown ExpectedType " + t);
    body = every("json_type(x) IN ('NULL', " + types + ")");  // nulls: nullability rules
  } else if (fn == "JSONCheckPathValue" || fn == "JSONCheckPathNotValue") {
    auto v = check.find("Value");
    if (v == check.end() || !v->is_null()) return Status::InvalidArgument(fn + " with a non-null Value");
    body = every(fn == "JSONCheckPathValue" ? "json_type(x) = 'NULL'" : "json_type(x) <> 'NULL'");
  } else if (fn == "JSONFormatString") {
    body = every("json_type(x) IN ('NULL', 'VARCHAR')");
  } else if (fn == "JSONFormatNumeric" || fn == "JSONCheckPathNumericFormat") {
    body = every("json_type(x) IN ('NULL', 'UBIGINT', 'BIGINT', 'DOUBLE', 'HUGEINT', 'UHUGEINT')");
  } else if (fn == "JSONFormatUnit" || fn == "JSONCheckPathUnitFormat") {
    body = every("json_type(x) = 'NULL' OR " + SqlUnitFormat("(x ->> '$')"));
  } else if (fn == "JSONCheckPathKeyValueFormat") {
    body = every(SqlKeyValueFormat("(x::VARCHAR)"));
  } else if (fn == "JSONCheckPathKeyStartsWith") {
    std::string prefix = check.value("Prefix", "");
    std::string ignore = "[";
    if (auto ig = check.find("IgnoreKeys"); ig != check.end() && ig->is_array())
      for (const auto& k : *ig)
        if (k.is_string()) ignore += (ignore.size() > 1 ? ", " : "") + SqlQuote(k.get<std::string>());
    ignore += "]::VARCHAR[]";
    body = every("json_type(x) <> 'OBJECT' OR coalesce(list_bool_and(list_transform(json_keys(x), k -> "
                 "list_contains(" + ignore + ", k) OR starts_with(k, " + SqlQuote(prefix) +
                 "))), true)");
  } else {
    return Status::InvalidArgument("check function " + fn + " is not supported");
  }
  return "(CASE WHEN " + c + " IS NULL OR NOT json_valid(" + c + ") THEN true ELSE coalesce(" + body +
         ", true) END)";
}

namespace {

// Group checks need their own query; they are whole-rule requirements only.
Result<std::string> GroupCountSql(const nlohmann::json& req, const CheckCompiler& cc,
                                  const std::string& condition_sql, std::set<std::string>* cols) {
  const std::string fn = req.value("CheckFunction", "");
  if (fn == "CheckDistinctCount") {
    auto name = [&](const char* k) -> Result<std::string> {
      auto it = req.find(k);
      if (it == req.end() || !it->is_string()) return Status::InvalidArgument("no " + std::string(k));
      std::string c = it->get<std::string>();
      if (!cc.Has(c)) return Status::NotFound("column " + c + " is not in the file");
      cols->insert(c);
      return SqlIdent(c);
    };
    ASSIGN_OR_RETURN(std::string a, name("ColumnAName"));
    ASSIGN_OR_RETURN(std::string b, name("ColumnBName"));
    int64_t n = req.value("ExpectedCount", 1);
    // The groups (values of A) that break the rule, with the B values they carry. A group
    // whose B is all null is left to B's nullability rule.
    return "SELECT " + a + ", list(DISTINCT " + b + ") AS " + b + " FROM {view} WHERE " + a +
           " IS NOT NULL AND " + condition_sql + " GROUP BY " + a + " HAVING count(DISTINCT " + b +
           ") NOT IN (0, " + std::to_string(n) + ")";
  }
  return Status::InvalidArgument("not a group check");
}

struct ModelWalk {
  const RequirementsModel& model;
  const CheckCompiler& cc;
  std::map<std::string, std::vector<std::string>> parents;
  std::map<std::string, std::optional<std::string>> path_cond_memo;  // nullopt = malformed
  std::map<std::string, std::set<std::string>> applicability_memo;
  std::map<std::string, std::set<std::string>> path_columns;  // columns path conditions read

  nlohmann::json ConditionOf(const ModelRule& r) const {
    const RuleOverride* o = FindRuleOverride(r.id);
    if (o && o->action == RuleOverride::Action::kReplace && !o->condition.empty())
      return nlohmann::json::parse(o->condition);
    return r.condition;
  }
  nlohmann::json RequirementOf(const ModelRule& r) const {
    const RuleOverride* o = FindRuleOverride(r.id);
    if (o && o->action == RuleOverride::Action::kReplace && !o->requirement.empty())
      return nlohmann::json::parse(o->requirement);
    return r.requirement;
  }

  // The rule's own condition as SQL ("TRUE" when none); nullopt when malformed.
  std::optional<std::string> OwnCondition(const ModelRule& r, std::set<std::string>* cols) const {
    nlohmann::json c = ConditionOf(r);
    if (c.empty()) return std::string("TRUE");
    auto sql = cc.Holds(c, /*as_condition=*/true, cols);
    if (!sql.ok()) return std::nullopt;
    return *sql;
  }

  // Conditions inherited from the composites that contain `id`: a rule reached through any
  // of its parents applies where that parent applies.
  std::optional<std::string> PathCondition(const std::string& id, int depth = 0) {
    if (auto it = path_cond_memo.find(id); it != path_cond_memo.end()) return it->second;
    auto pit = parents.find(id);
    std::optional<std::string> result = std::string("TRUE");
    if (pit != parents.end() && depth < 32) {
      std::vector<std::string> alternatives;
      for (const auto& p : pit->second) {
        const ModelRule* pr = model.Find(p);
        auto up = PathCondition(p, depth + 1);
        std::set<std::string> cols = path_columns[p];
        auto own = OwnCondition(*pr, &cols);
        path_columns[id].insert(cols.begin(), cols.end());
        if (!up || !own) {
          result = std::nullopt;
          break;
        }
        if (*up == "TRUE") alternatives.push_back(*own);
        else if (*own == "TRUE") alternatives.push_back(*up);
        else alternatives.push_back("(" + *up + " AND " + *own + ")");
      }
      if (result) {
        bool any_true = false;
        for (const auto& a : alternatives) any_true |= a == "TRUE";
        result = any_true ? std::string("TRUE") : JoinSql(alternatives, "OR", "TRUE");
      }
    }
    path_cond_memo[id] = result;
    return result;
  }

  std::set<std::string> Applicability(const std::string& id, int depth = 0) {
    if (auto it = applicability_memo.find(id); it != applicability_memo.end()) return it->second;
    std::set<std::string> out;
    if (const ModelRule* r = model.Find(id)) out.insert(r->applicability.begin(), r->applicability.end());
    if (auto pit = parents.find(id); pit != parents.end() && depth < 32)
      for (const auto& p : pit->second) {
        auto up = Applicability(p, depth + 1);
        out.insert(up.begin(), up.end());
      }
    applicability_memo[id] = out;
    return out;
  }
};

void CollectRefs(const nlohmann::json& j, std::vector<std::string>* out) {
  if (j.is_object()) {
    if (j.value("CheckFunction", "") == "CheckModelRule" && j.contains("ModelRuleId") &&
        j["ModelRuleId"].is_string())
      out->push_back(j["ModelRuleId"].get<std::string>());
    for (const auto& [k, v] : j.items()) CollectRefs(v, out);
  } else if (j.is_array()) {
    for (const auto& v : j) CollectRefs(v, out);
  }
}

std::string JoinNames(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
  return out;
}

}  // namespace

std::vector<CompiledRule> CompileModelRules(const RequirementsModel& model,
                                            const std::vector<std::string>& columns,
                                            const TypedColumns& typed) {
  CheckCompiler cc(std::set<std::string>(columns.begin(), columns.end()), typed);
  ModelWalk walk{model, cc, {}, {}, {}, {}};
  for (const auto& r : model.rules()) {
    if (!r.composite()) continue;
    std::vector<std::string> refs;
    CollectRefs(r.requirement, &refs);
    for (const auto& child : refs)
      if (model.Find(child)) walk.parents[child].push_back(r.id);
  }

  std::vector<CompiledRule> out;
  for (const auto& r : model.rules()) {
    if (r.composite() || r.status == "Removed") continue;
    if (r.dataset == "Contract Commitment") continue;  // a different dataset than billing rows

    CompiledRule c;
    c.rule_id = r.id;
    c.column = r.reference;
    c.description = r.text;
    c.must = IsMustKeyword(r.keyword);
    const RuleOverride* o = FindRuleOverride(r.id);
    if (o) c.override_reason = o->reason;
    auto skip = [&](std::string why) {
      c.kind = CompiledRule::Kind::kSkipped;
      c.skip_reason = std::move(why);
      out.push_back(c);
    };

    if (o && o->action == RuleOverride::Action::kSkip) {
      skip("overridden: " + o->reason);
      continue;
    }
    if (r.dynamic) {
      skip("Dynamic rule: needs knowledge beyond the rows of this file (provider documentation, "
           "invoices, other periods) or is not machine-checkable");
      continue;
    }
    if (r.keyword == "MAY") {
      skip("MAY: permits, never fails");
      continue;
    }
    nlohmann::json req = walk.RequirementOf(r);
    if (req.empty()) {
      skip("no machine-readable requirement in the model");
      continue;
    }
    std::set<std::string> applicability = walk.Applicability(r.id);
    const std::string fn = req.value("CheckFunction", "");

    if (fn == "ColumnPresent") {
      std::string name = req.value("ColumnName", "");
      c.column = name;
      c.sample_columns = {};
      c.present = cc.Has(name);
      if (!c.present && !applicability.empty()) {
        skip("required only when the provider supports " + JoinNames(applicability) +
             ", which one file cannot tell");
        continue;
      }
      c.kind = CompiledRule::Kind::kPresence;
      out.push_back(c);
      continue;
    }

    std::set<std::string> cols;
    auto path = walk.PathCondition(r.id);
    auto own = walk.OwnCondition(r, &cols);
    if (!path || !own) {
      nlohmann::json own_condition = walk.ConditionOf(r);
      auto why = own_condition.empty() ? Result<std::string>(std::string("TRUE"))
                                       : cc.Holds(own_condition, /*as_condition=*/true, nullptr);
      skip(!why.ok() ? "cannot compile condition: " + why.status().message()
                     : "cannot compile the condition of a composite that contains this rule");
      continue;
    }
    std::string condition = *path == "TRUE" ? *own
                            : *own == "TRUE" ? *path
                                             : "(" + *path + " AND " + *own + ")";

    if (fn == "CheckDistinctCount") {
      auto g = GroupCountSql(req, cc, condition, &cols);
      if (!g.ok()) {
        skip(g.status().message());
        continue;
      }
      c.kind = CompiledRule::Kind::kGroup;
      c.group_sql = *g;
      c.sample_columns.assign(cols.begin(), cols.end());
      out.push_back(c);
      continue;
    }

    auto holds = cc.Holds(req, /*as_condition=*/false, &cols);
    if (!holds.ok()) {
      if (holds.status().code() == StatusCode::kNotFound)
        skip(holds.status().message());
      else
        skip("cannot compile: " + holds.status().message());
      continue;
    }
    if (*holds == "TRUE") {
      c.violation_sql = "FALSE";
    } else {
      // CASE, not AND: DuckDB then evaluates the requirement only on the rows the condition
      // selects, which matters when hundreds of rules share one scan.
      c.violation_sql = condition == "TRUE"
                            ? "NOT " + *holds
                            : "CASE WHEN " + condition + " THEN NOT " + *holds + " ELSE false END";
    }
    c.kind = CompiledRule::Kind::kRow;
    cols.insert(walk.path_columns[r.id].begin(), walk.path_columns[r.id].end());
    // The rule's own column first, then the columns its condition reads.
    if (cols.count(r.reference)) c.sample_columns.push_back(r.reference);
    for (const auto& x : cols)
      if (x != r.reference) c.sample_columns.push_back(x);
    out.push_back(c);
  }
  return out;
}

}  // namespace focusd
