#include "focus/format_functions.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace focusd {
namespace {

// Each matcher agrees with DuckDB's regexp_full_match on its regular expression for every
// string of a large generated set: real-looking values, and the same values with characters
// dropped, doubled or replaced by the characters these shapes are made of.
TEST(FormatFunctions, AgreeWithTheirRegularExpressions) {
  auto db = DuckDatabase::Open("").value();
  auto conn = db->Connect().value();
  ASSERT_TRUE(RegisterFormatFunctions(*conn).ok());
  ASSERT_TRUE(RegisterFormatFunctions(*conn).ok());  // idempotent

  std::vector<std::string> seeds = {
      "0", "-1", "12.5", ".5", "-.25", "1e5", "1E-5", "-2.5e10", "1.", "1.e5", "+1", "1e+5", "--1", "e5", ".",
      "-", "", " 1", "1 ", "1,000", "0x10", "NaN", "inf", "2024-09-01T00:00:00Z", "2024-09-01 00:00:00",
      "2024-09-01", "2024-09-01T10:00", "2024-09-01T10:00:00.123", "2024-09-01T10:00:00.123Z",
      "2024-09-01T10:00:00+02:00", "2024-09-01T10:00:00+0200", "2024-09-01T10:00:00-05", "2024-09-01Z",
      "2024-09-01+02", "2024-09-01T", "2024-09-01T10", "2024-09-01T10:00:", "2024-09-01T10:00:00.",
      "2024-09-01T10:00:00+02:0", "9/1/24", "20240901", "2024-9-01", "2024-09-01T24:00:00Z", "12345-09-01"};
  const std::string alphabet = "0123456789-+.:eETZ Z5";
  std::mt19937 gen(7);
  std::vector<std::string> values = seeds;
  for (int round = 0; round < 4000; ++round)
    for (const auto& seed : seeds) {
      std::string v = seed;
      int edits = 1 + static_cast<int>(gen() % 3);
      for (int e = 0; e < edits; ++e) {
        size_t at = v.empty() ? 0 : gen() % (v.size() + 1);
        char c = alphabet[gen() % alphabet.size()];
        switch (gen() % 3) {
          case 0: v.insert(v.begin() + static_cast<long>(at), c); break;
          case 1: if (at < v.size()) v.erase(at, 1); break;
          default: if (at < v.size()) v[at] = c; break;
        }
      }
      values.push_back(v);
    }
  ASSERT_TRUE(conn->Execute("CREATE TABLE v (s VARCHAR)").ok());
  std::string insert;
  for (size_t i = 0; i < values.size(); ++i) {
    insert += (insert.empty() ? "" : ", ") + std::string("(") + SqlQuote(values[i]) + ")";
    if (insert.size() > 100000 || i + 1 == values.size()) {
      ASSERT_TRUE(conn->Execute("INSERT INTO v VALUES " + insert).ok());
      insert.clear();
    }
  }
  auto r = conn->Query(
      "SELECT count(*), "
      "count_if(focusd_numeric_format(s) <> regexp_full_match(s, '-?([0-9]+(\\.[0-9]+)?|\\.[0-9]+)([eE]-?[0-9]+)?')), "
      "count_if(focusd_datetime_format(s) <> regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z')), "
      "count_if(focusd_datetime_like(s) <> regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}"
      "(:[0-9]{2}(\\.[0-9]+)?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?')), "
      "count_if(focusd_numeric_format(s)), count_if(focusd_datetime_like(s)), "
      "count(focusd_numeric_format(NULL::VARCHAR)) FROM v");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GT(r->Int(0, 0), 100000);
  EXPECT_EQ(r->Int(0, 1), 0) << "numeric format";
  EXPECT_EQ(r->Int(0, 2), 0) << "date/time format";
  EXPECT_EQ(r->Int(0, 3), 0) << "date/time shape";
  EXPECT_GT(r->Int(0, 4), 1000);  // both answers occur often
  EXPECT_GT(r->Int(0, 5), 1000);
  EXPECT_EQ(r->Int(0, 6), 0);  // NULL in, NULL out
}

TEST(FormatFunctions, Examples) {
  EXPECT_TRUE(IsNumericFormat("-0.5e-3"));
  EXPECT_FALSE(IsNumericFormat("1."));
  EXPECT_FALSE(IsNumericFormat("+1"));
  EXPECT_TRUE(IsDateTimeFormat("2024-09-01T00:00:00Z"));
  EXPECT_FALSE(IsDateTimeFormat("2024-09-01T00:00:00"));
  EXPECT_TRUE(IsDateTimeLike("2024-09-01 10:00:00.5+02:00"));
  EXPECT_FALSE(IsDateTimeLike("2024-09-01T10"));
}

}  // namespace
}  // namespace focusd
