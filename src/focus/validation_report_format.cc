#include "focus/validation_report_format.h"

#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

namespace focusd {

namespace {

const char* Severity(const RuleResult& r) { return r.must ? "MUST" : "SHOULD"; }

std::string SampleLine(const nlohmann::json& s) {
  std::string out = fmt::format("{}:{}", s.value("_file", ""), s.contains("_row") ? s["_row"].dump() : "?");
  for (const auto& [k, v] : s.items()) {
    if (k == "_file" || k == "_row") continue;
    out += " " + k + "=" + (v.is_null() ? "null" : v.dump());
  }
  return out;
}

std::string Summary(const ValidationReport& r) {
  return fmt::format("FOCUS {} validation: {} rows, {} rules: {} passed, {} MUST failures, {} SHOULD "
                     "failures, {} skipped ({:.2f}s)",
                     FocusVersionName(r.version), r.rows, r.rules.size(), r.passed, r.must_failures,
                     r.should_failures, r.skipped, r.seconds);
}

}  // namespace

std::string FormatReportText(const ValidationReport& report, bool verbose) {
  std::ostringstream out;
  out << Summary(report) << "\n";
  for (const auto& r : report.rules) {
    if (r.status != RuleResult::kFail) continue;
    out << fmt::format("FAIL {:<6} {} [{}] {} violation{}: {}\n", Severity(r), r.rule_id, r.column,
                       r.violations, r.violations == 1 ? "" : "s", r.description);
    for (const auto& s : r.samples) out << "       " << SampleLine(s) << "\n";
  }
  if (verbose) {
    for (const auto& r : report.rules) {
      if (r.status == RuleResult::kFail) continue;
      out << fmt::format("{:<7} {:<6} {} [{}] {}", RuleStatusName(r.status), Severity(r), r.rule_id,
                         r.column, r.description);
      if (r.status == RuleResult::kSkipped) out << " -- skipped: " << r.skip_reason;
      else if (!r.override_reason.empty()) out << " -- overridden: " << r.override_reason;
      out << "\n";
    }
  }
  out << (report.ok() ? "OK: no MUST rule fails\n" : "NOT CONFORMANT: a MUST rule fails\n");
  return out.str();
}

nlohmann::json ReportToJson(const ValidationReport& report) {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& r : report.rules) {
    nlohmann::json j = {{"rule_id", r.rule_id},
                        {"column", r.column},
                        {"description", r.description},
                        {"status", RuleStatusName(r.status)},
                        {"severity", Severity(r)},
                        {"violations", r.violations},
                        {"samples", r.samples}};
    if (!r.skip_reason.empty()) j["skip_reason"] = r.skip_reason;
    if (!r.override_reason.empty()) j["override_reason"] = r.override_reason;
    rules.push_back(std::move(j));
  }
  return {{"focus_version", FocusVersionName(report.version)},
          {"rows", report.rows},
          {"ok", report.ok()},
          {"summary",
           {{"rules", report.rules.size()},
            {"passed", report.passed},
            {"must_failures", report.must_failures},
            {"should_failures", report.should_failures},
            {"skipped", report.skipped}}},
          {"seconds", report.seconds},
          {"rules", rules}};
}

std::string FormatReportJUnit(const ValidationReport& report) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto suites = doc.append_child("testsuites");
  auto suite = suites.append_child("testsuite");
  std::string name = std::string("FOCUS ") + FocusVersionName(report.version);
  suite.append_attribute("name") = name.c_str();
  suite.append_attribute("tests") = static_cast<long long>(report.rules.size());
  suite.append_attribute("failures") = report.must_failures + report.should_failures;
  suite.append_attribute("errors") = 0;
  suite.append_attribute("skipped") = report.skipped;
  suite.append_attribute("time") = report.seconds;
  for (const auto& r : report.rules) {
    auto tc = suite.append_child("testcase");
    std::string cls = "focus." + (r.column.empty() ? std::string("dataset") : r.column);
    std::string case_name = r.rule_id + (r.rule_id.rfind("focusd-", 0) == 0 && !r.column.empty() &&
                                                 r.rule_id.find(r.column) == std::string::npos
                                             ? "[" + r.column + "]"
                                             : "");
    tc.append_attribute("classname") = cls.c_str();
    tc.append_attribute("name") = case_name.c_str();
    if (r.status == RuleResult::kFail) {
      auto f = tc.append_child("failure");
      std::string msg = fmt::format("{} violation{}: {}", r.violations, r.violations == 1 ? "" : "s",
                                    r.description);
      f.append_attribute("message") = msg.c_str();
      f.append_attribute("type") = Severity(r);
      std::string body;
      for (const auto& s : r.samples) body += SampleLine(s) + "\n";
      f.text().set(body.c_str());
    } else if (r.status == RuleResult::kSkipped) {
      tc.append_child("skipped").append_attribute("message") = r.skip_reason.c_str();
    }
  }
  std::ostringstream out;
  doc.save(out, "  ");
  return out.str();
}

}  // namespace focusd
