#include "focus/validation_report_format.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

namespace focusd {
namespace {

ValidationReport SampleReport() {
  ValidationReport r;
  r.version = FocusVersion::k12;
  r.rows = 3;
  RuleResult pass{"BilledCost-C-003-M", "BilledCost", "BilledCost MUST NOT be null.",
                  RuleResult::kPass, true, 0, {}, "", ""};
  RuleResult fail{"BillingPeriodStart-C-002-M", "BillingPeriodStart",
                  "BillingPeriodStart MUST conform to DateTimeFormat <requirements> & \"quotes\".",
                  RuleResult::kFail, true, 2,
                  {{{"_file", "a&b.csv"}, {"_row", 2}, {"BillingPeriodStart", "2024-09-01 00:00:00"}}},
                  "", ""};
  RuleResult should{"PricingUnit-C-003-O", "PricingUnit", "PricingUnit SHOULD conform to UnitFormat.",
                    RuleResult::kFail, false, 1, {}, "", ""};
  RuleResult skipped{"BilledCost-C-007-M", "BilledCost", "sum per invoice", RuleResult::kSkipped,
                     true, 0, {}, "Dynamic rule", ""};
  r.rules = {pass, fail, should, skipped};
  r.passed = 1;
  r.must_failures = 1;
  r.should_failures = 1;
  r.skipped = 1;
  return r;
}

TEST(ValidationReportFormat, JsonRoundTrips) {
  std::string text = ReportToJson(SampleReport()).dump();
  nlohmann::json j = nlohmann::json::parse(text);
  EXPECT_EQ(j["focus_version"], "1.2");
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["summary"]["must_failures"], 1);
  EXPECT_EQ(j["summary"]["skipped"], 1);
  ASSERT_EQ(j["rules"].size(), 4u);
  EXPECT_EQ(j["rules"][1]["status"], "FAIL");
  EXPECT_EQ(j["rules"][1]["severity"], "MUST");
  EXPECT_EQ(j["rules"][1]["violations"], 2);
  EXPECT_EQ(j["rules"][1]["samples"][0]["_row"], 2);
  EXPECT_EQ(j["rules"][2]["severity"], "SHOULD");
  EXPECT_EQ(j["rules"][3]["status"], "SKIPPED");
  EXPECT_EQ(j["rules"][3]["skip_reason"], "Dynamic rule");
}

TEST(ValidationReportFormat, JUnitIsWellFormedXml) {
  std::string xml = FormatReportJUnit(SampleReport());
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str())) << xml;
  auto suite = doc.child("testsuites").child("testsuite");
  ASSERT_TRUE(suite);
  EXPECT_EQ(suite.attribute("tests").as_int(), 4);
  EXPECT_EQ(suite.attribute("failures").as_int(), 2);
  EXPECT_EQ(suite.attribute("skipped").as_int(), 1);
  int cases = 0, failures = 0, skipped = 0;
  for (auto tc : suite.children("testcase")) {
    ++cases;
    if (auto f = tc.child("failure")) {
      ++failures;
      if (std::string(tc.attribute("name").value()) == "BillingPeriodStart-C-002-M") {
        EXPECT_EQ(std::string(f.attribute("type").value()), "MUST");
        EXPECT_NE(std::string(f.attribute("message").value()).find("<requirements> & \"quotes\""),
                  std::string::npos);
        EXPECT_NE(std::string(f.text().get()).find("a&b.csv:2"), std::string::npos);
      }
    }
    if (tc.child("skipped")) ++skipped;
  }
  EXPECT_EQ(cases, 4);
  EXPECT_EQ(failures, 2);
  EXPECT_EQ(skipped, 1);
}

TEST(ValidationReportFormat, TextListsFailuresWithSamples) {
  std::string text = FormatReportText(SampleReport());
  EXPECT_NE(text.find("1 MUST failures"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL MUST   BillingPeriodStart-C-002-M"), std::string::npos) << text;
  EXPECT_NE(text.find("a&b.csv:2 BillingPeriodStart=\"2024-09-01 00:00:00\""), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL SHOULD PricingUnit-C-003-O"), std::string::npos) << text;
  EXPECT_EQ(text.find("BilledCost-C-007-M"), std::string::npos) << "skips only with verbose";
  EXPECT_NE(FormatReportText(SampleReport(), true).find("skipped: Dynamic rule"), std::string::npos);
  EXPECT_NE(text.find("NOT CONFORMANT"), std::string::npos);
}

}  // namespace
}  // namespace focusd
