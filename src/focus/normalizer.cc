#include "focus/normalizer.h"

#include <strings.h>

#include <functional>
#include <optional>

#include "focus/canonical_schema.h"
#include "focus/decimal_function.h"
#include "focus/version_detector.h"

namespace focusd {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
  return out;
}

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// The raw value with "", "NULL" (and its other casings) as NULL.
std::string Clean(const std::string& ident) {
  return "CASE WHEN " + NullLikeText(ident) + " THEN NULL ELSE " + ident + " END";
}

// Timestamp text -> TIMESTAMP (UTC). The session time zone is UTC (set by Normalize), so the
// TIMESTAMPTZ path converts an explicit offset to UTC; without an offset (or with "Z") the
// value already is UTC and the cheaper TIMESTAMP cast reads it. A plain TIMESTAMP cast of
// "4/1/25" would yield the year 4, hence the explicit US-date branch. Hours past 23
// ("T24:00:00" is ISO 8601's end of day; the specification's own examples have "T30:00:00")
// carry into the next day; such values are counted as non-standard.
std::string TimestampExpr(const std::string& v) {
  return "CASE WHEN " + v + " IS NULL THEN NULL WHEN contains(" + v +
         ", '/') THEN try_strptime(" + v +
         ", ['%m/%d/%y', '%m/%d/%Y', '%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%y %H:%M'])"
         " WHEN contains(substr(" + v + ", 17), '+') OR contains(substr(" + v +
         ", 17), '-') THEN CAST(TRY_CAST(" + v + " AS TIMESTAMPTZ) AS TIMESTAMP)"
         " ELSE coalesce(TRY_CAST(" + v + " AS TIMESTAMP), CASE WHEN regexp_full_match(" + v +
         ", '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z?') THEN TRY_CAST(substr(" + v +
         ", 1, 10) || ' 00:' || rtrim(substr(" + v + ", 15), 'Z') AS TIMESTAMP) + to_hours(TRY_CAST(substr(" +
         v + ", 12, 2) AS BIGINT)) END) END";
}

// Number text -> DECIMAL(38,18), exactly: DuckDB casts plain and E notation ("1.5E-3")
// from text to DECIMAL without a double in between. Amounts written for people
// ("$50,000.00 ", as in the specification's SaaS examples) are read when the thousands
// groups are well formed; such values are counted as non-standard.
std::string DecimalExpr(const std::string& v) {
  return std::string("coalesce(") + kDecimalFunction + "(" + v +
         "), CASE WHEN regexp_full_match(" + v +
         ", '\\s*-?\\$?\\s*-?\\d{1,3}(,\\d{3})*(\\.\\d+)?\\s*') THEN " + kDecimalFunction +
         "(regexp_replace(" + v + ", '[$,\\s]', '', 'g')) END)";
}

// The plain reading of a value, without the non-standard fallbacks above.
std::string StandardExpr(ColumnKind kind, const std::string& v) {
  if (kind == ColumnKind::kDecimal) return std::string(kDecimalFunction) + "(" + v + ")";
  return "CASE WHEN contains(" + v + ", '/') THEN NULL WHEN contains(substr(" + v +
         ", 17), '+') OR contains(substr(" + v + ", 17), '-') THEN TRY_CAST(" + v +
         " AS TIMESTAMPTZ) ELSE TRY_CAST(" + v + " AS TIMESTAMP) END";
}

std::string EnumExpr(const CanonicalColumn& col, const std::string& v) {
  std::string e = "CASE lower(" + v + ")";
  for (auto value : col.allowed_values)
    e += " WHEN " + SqlQuote(Lower(value)) + " THEN " + SqlQuote(std::string(value));
  if (col.name == "PricingCategory")  // pre-1.0 values
    e += " WHEN 'on-demand' THEN 'Standard' WHEN 'commitment-based' THEN 'Committed'";
  return e + " ELSE " + v + " END";
}

// The canonical value straight from a typed staged column, where that reads the same value
// as its text would: an exact number as DECIMAL(38,18), a double through its shortest
// round-trip digits (what its text is), a UTC timestamp as is. nullopt: read the text.
std::optional<std::string> TypedRead(const CanonicalColumn& col, const std::string& ref,
                                     const std::string& type) {
  StagedKind kind = StagedKindOf(type);
  if (col.kind == ColumnKind::kDecimal && kind == StagedKind::kExact)
    return "CAST(" + ref + " AS DECIMAL(38,18))";
  if (col.kind == ColumnKind::kDecimal && kind == StagedKind::kDouble)
    return std::string(kDecimalFunction) + "(" + ref + ")";
  if (col.kind == ColumnKind::kTimestamp && kind == StagedKind::kTimestamp) return ref;
  return std::nullopt;
}

struct Mapping {
  const CanonicalColumn* column;
  std::optional<std::string> source;  // staged column name
};

// The staged column of that name, in any case.
std::optional<std::string> FindColumn(const StagedFiles& staged, std::string_view name) {
  for (const auto& c : staged.columns)
    if (SameName(c, name)) return c;
  return std::nullopt;
}

// Which staged column feeds each canonical one, decided from the names alone; fills the
// report's renamed, missing and extensions.
std::vector<Mapping> MapColumns(const StagedFiles& staged, NormalizeReport& report) {
  auto find = [&](std::string_view name) { return FindColumn(staged, name); };
  std::vector<std::string> used;
  std::vector<Mapping> mappings;
  for (const auto& col : CanonicalColumns()) {
    Mapping m{&col, find(col.name)};
    if (!m.source) {
      for (const auto& c : staged.columns) {
        auto renamed = LegacyRename(c);
        if (renamed && *renamed == col.name) {
          m.source = c;
          report.renamed.push_back(c + " -> " + std::string(col.name));
        }
      }
    }
    if (!m.source && col.name == "ServiceProviderName") m.source = find("ProviderName");
    if (!m.source && col.name == "HostProviderName") m.source = find("PublisherName");
    if (m.source) used.push_back(*m.source);
    else report.missing.emplace_back(col.name);
    mappings.push_back(m);
  }
  for (const auto& c : staged.columns) {
    bool is_used = false;
    for (const auto& u : used) is_used = is_used || u == c;
    if (!is_used) report.extensions.push_back(c);
  }
  return mappings;
}

// A staged column's type (staging.h): typed columns are read as such, never null-like.
std::string TypeOf(const StagedFiles& staged, const std::string& column) {
  for (size_t k = 0; k < staged.columns.size() && k < staged.types.size(); ++k)
    if (staged.columns[k] == column) return staged.types[k];
  return "VARCHAR";
}

// The profile's names for a staged column's cleaned value and its null-like flag: prefixed,
// so that the profile's projection can sit beside the validator's (SharedScan).
std::string ProfileRef(const std::string& column) { return SqlIdent("__focusd_norm_" + column); }
std::string NullLikeRef(size_t k) { return SqlIdent("__focusd_norm_null_like_" + std::to_string(k)); }

// Applies one profile aggregate's value (at index i of the profile row, advanced past it).
using ProfileRead = std::function<Status(const DuckResult&, size_t&)>;

// One pass over the staged rows counts null-like values, re-spelled enums and values in
// non-standard forms, and finds the first value of each typed column that cannot be read.
// Each entry of `reads` (when given) consumes its aggregates from the result in order; the
// reads fill `report` and may query `conn` for detail. (count_if(p), not count(*) FILTER
// (WHERE p): the same count, a fifth less time over dozens of columns.)
SharedScan BuildProfile(const StagedFiles& staged, const std::vector<Mapping>& mappings,
                        NormalizeReport* report, DuckConnection* conn, std::vector<ProfileRead>* reads) {
  SharedScan scan;
  for (size_t k = 0; k < staged.columns.size(); ++k) {
    const std::string& c = staged.columns[k];
    std::string q = SqlIdent(c);
    if (TypeOf(staged, c) != "VARCHAR") {
      scan.projection += ", " + q + " AS " + ProfileRef(c);
      continue;
    }
    scan.projection += ", " + Clean(q) + " AS " + ProfileRef(c) + ", " + NullLikeText(q) + " AS " + NullLikeRef(k);
    scan.null_like_aggregates[c] = scan.aggregates.size();
    scan.aggregates.push_back("count_if(" + NullLikeRef(k) + ")");
    if (reads)
      reads->push_back([report, c](const DuckResult& r, size_t& i) {
        int64_t n = r.Int(0, i++);
        if (n > 0) report->null_like[c] = n;
        return Status::Ok();
      });
  }
  // The detail queries read the cleaned values under their own names.
  std::string cleaned;
  for (size_t k = 0; k < staged.columns.size(); ++k) {
    std::string q = SqlIdent(staged.columns[k]);
    cleaned += (TypeOf(staged, staged.columns[k]) != "VARCHAR" ? q : Clean(q) + " AS " + q) + ", ";
  }
  const std::string table = "(SELECT " + cleaned + "_file, _row FROM " + SqlIdent(staged.table) + ")";
  for (const auto& m : mappings) {
    if (!m.source) continue;
    const std::string type = TypeOf(staged, *m.source);
    // `ref` names the staged column: by its profile alias in the scan, by its own name in the
    // detail query.
    auto build = [&](const std::string& ref, std::string* v, std::string* parsed, std::string* unread) {
      *v = StagedTextExpr(ref, type);
      if (TypedRead(*m.column, ref, type)) {
        // Read from the typed value: only a double can be out of reach of DECIMAL(38,18)
        // (non-finite, or 1e20 and beyond); its text then tells why.
        if (StagedKindOf(type) == StagedKind::kDouble) {
          // NULL stays NULL (not counted); NaN and infinities compare false.
          *unread = "NOT (abs(" + ref + ") < 1e20)";
          *parsed = DecimalExpr(*v);
        }
      } else if (m.column->kind == ColumnKind::kDecimal || m.column->kind == ColumnKind::kTimestamp) {
        *parsed = m.column->kind == ColumnKind::kDecimal ? DecimalExpr(*v) : TimestampExpr(*v);
        *unread = "(" + *v + ") IS NOT NULL AND (" + StandardExpr(m.column->kind, *v) + ") IS NULL";
      }
    };
    std::string pv, pparsed, punread, v, parsed, unread;
    build(ProfileRef(*m.source), &pv, &pparsed, &punread);
    build(SqlIdent(*m.source), &v, &parsed, &unread);
    // The main pass only counts values the standard reading refuses (usually none); the
    // columns that have some get a second, detailed look.
    if (!parsed.empty()) {
      scan.aggregates.push_back("count_if(" + punread + ")");
      std::string column = *m.source;
      ColumnKind kind = m.column->kind;
      std::string canonical(m.column->name);
      if (reads)
        reads->push_back([report, conn, table, v, parsed, unread, column, kind, canonical](
                             const DuckResult& r, size_t& i) -> Status {
          if (r.Int(0, i++) == 0) return Status::Ok();
          std::string bad = "(" + v + ") IS NOT NULL AND (" + parsed + ") IS NULL";
          ASSIGN_OR_RETURN(DuckResult d,
                           conn->Query("SELECT count(*) FILTER (WHERE " + bad + "), arg_min(_file, _row) FILTER (WHERE " +
                                       bad + "), min(_row) FILTER (WHERE " + bad + "), arg_min(" + SqlIdent(column) +
                                       ", _row) FILTER (WHERE " + bad + "), count(*) FILTER (WHERE " + unread +
                                       " AND NOT (" + bad + ")) FROM " + table + " AS cleaned WHERE " + unread));
          int64_t n = d.Int(0, 0);
          std::string file = d.Text(0, 1), row = d.Text(0, 2), value = d.Text(0, 3);
          if (d.Int(0, 4) > 0) report->nonstandard[canonical] = d.Int(0, 4);
          if (n == 0) return Status::Ok();
          if (value.size() > 60) value = value.substr(0, 60) + "...";
          const char* what = kind == ColumnKind::kDecimal
                                 ? "a decimal number (or out of range: at most 20 integer digits)"
                                 : "a timestamp";
          return Status::InvalidArgument(file + ", row " + row + ": column " + column + ": value '" + value +
                                             "' is not " + what + " (" + std::to_string(n) + " such value" +
                                             (n > 1 ? "s" : "") + " in this import)",
                                         column);
        });
    }
    if (!m.column->allowed_values.empty()) {
      // Values already canonical (nearly all) skip the case-folding lookup.
      std::string list;
      for (auto value : m.column->allowed_values) list += (list.empty() ? "" : ", ") + SqlQuote(std::string(value));
      scan.aggregates.push_back("count_if(CASE WHEN list_contains([" + list + "], " + pv + ") THEN false ELSE (" + pv +
                                ") IS DISTINCT FROM (" + EnumExpr(*m.column, pv) + ") END)");
      std::string canonical(m.column->name);
      if (reads)
        reads->push_back([report, canonical](const DuckResult& r, size_t& i) {
          int64_t n = r.Int(0, i++);
          if (n > 0) report->enum_recased[canonical] = n;
          return Status::Ok();
        });
    }
  }
  if (auto bp = FindColumn(staged, "BillingPeriodStart")) {
    std::string v = ProfileRef(*bp);
    scan.aggregates.push_back("arg_min(_file, _row) FILTER (WHERE " + v + " IS NULL)");
    scan.aggregates.push_back("min(_row) FILTER (WHERE " + v + " IS NULL)");
  }
  return scan;
}

// What the normalizer's SQL needs of the session: UTC (timestamps with an offset are converted
// to UTC) and the focusd_decimal function.
Status PrepareSession(DuckConnection& conn) {
  RETURN_IF_ERROR(conn.Execute("SET TimeZone = 'UTC'"));
  return RegisterDecimalFunction(conn);
}

}  // namespace

Result<SharedScan> NormalizerProfile(DuckConnection& conn, const StagedFiles& staged) {
  RETURN_IF_ERROR(PrepareSession(conn));
  NormalizeReport unused;
  return BuildProfile(staged, MapColumns(staged, unused), nullptr, nullptr, nullptr);
}

Result<NormalizedTable> Normalize(DuckConnection& conn, const StagedFiles& staged,
                                  const std::string& view, const SharedScan* scanned) {
  NormalizedTable out;
  out.view = view;
  auto& report = out.report;
  RETURN_IF_ERROR(PrepareSession(conn));
  std::vector<Mapping> mappings = MapColumns(staged, report);
  auto type_of = [&](const std::string& column) { return TypeOf(staged, column); };

  std::vector<ProfileRead> reads;
  SharedScan profile = BuildProfile(staged, mappings, &report, &conn, &reads);
  DuckResult prof;
  if (scanned && scanned->result && scanned->aggregates == profile.aggregates) {
    prof = *scanned->result;  // another scan (the validator's) took the aggregates
  } else {
    std::string sql = "SELECT count(*)";
    for (const auto& a : profile.aggregates) sql += ", " + a;
    ASSIGN_OR_RETURN(prof, conn.Query(sql + " FROM (SELECT _file, _row" + profile.projection + " FROM " +
                                      SqlIdent(staged.table) + ") AS profiled"));
  }
  size_t i = 1;
  for (auto& read : reads) RETURN_IF_ERROR(read(prof, i));
  if (FindColumn(staged, "BillingPeriodStart") && !prof.IsNull(0, i))
    return Status::InvalidArgument(prof.Text(0, i) + ", row " + prof.Text(0, i + 1) +
                                       ": BillingPeriodStart is empty; every row needs it to "
                                       "know which billing period it belongs to",
                                   "BillingPeriodStart");

  std::string select;
  for (const auto& m : mappings) {
    std::string expr = "NULL";
    if (m.source && TypedRead(*m.column, SqlIdent(*m.source), type_of(*m.source))) {
      expr = *TypedRead(*m.column, SqlIdent(*m.source), type_of(*m.source));
    } else if (m.source) {
      std::string v = StagedTextExpr(SqlIdent(*m.source), type_of(*m.source));
      switch (m.column->kind) {
        case ColumnKind::kDecimal: expr = DecimalExpr(v); break;
        case ColumnKind::kTimestamp: expr = TimestampExpr(v); break;
        case ColumnKind::kString:
          // A column with no value to re-spell (the usual case) is stored as it is.
          expr = m.column->allowed_values.empty() || !report.enum_recased.count(std::string(m.column->name))
                     ? v
                     : EnumExpr(*m.column, v);
          break;
        case ColumnKind::kJson: expr = v; break;
      }
    }
    select += "CAST(" + expr + " AS " + DuckDbType(m.column->kind) + ") AS " +
              SqlIdent(std::string(m.column->name)) + ", ";
  }
  if (report.extensions.empty()) {
    select += "CAST(NULL AS VARCHAR) AS x_extensions, ";
  } else {
    std::string obj = "CAST(json_object(";
    for (size_t k = 0; k < report.extensions.size(); ++k) {
      const auto& c = report.extensions[k];
      obj += (k ? ", " : "") + SqlQuote(c) + ", " + StagedTextExpr(SqlIdent(c), type_of(c));
    }
    select += obj + ") AS VARCHAR) AS x_extensions, ";
  }
  select += "_file";
  // The view cleans only the columns that have null-like values (the profile counted them):
  // the others read as they are.
  std::string view_cleaned;
  for (const auto& c : staged.columns)
    view_cleaned += (report.null_like.count(c) ? Clean(SqlIdent(c)) + " AS " : "") + SqlIdent(c) + ", ";
  RETURN_IF_ERROR(conn.Execute("CREATE OR REPLACE TEMP VIEW " + SqlIdent(view) + " AS SELECT " +
                               select + " FROM (SELECT " + view_cleaned + "_file, _row FROM " +
                               SqlIdent(staged.table) + ") AS cleaned"));
  return out;
}

}  // namespace focusd
