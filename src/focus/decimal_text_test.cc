#include "focus/decimal_text.h"

#include <gtest/gtest.h>

#include <string>

#include "db/duckdb.h"
#include "focus/decimal_function.h"

namespace focusd {
namespace {

// The parsed value rendered as DuckDB renders DECIMAL(38,18).
std::string Render(std::string_view text) {
  auto v = ParseDecimal18(text);
  if (!v) return "NULL";
  bool neg = *v < 0;
  unsigned __int128 u = neg ? -static_cast<unsigned __int128>(*v) : static_cast<unsigned __int128>(*v);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u);
  while (digits.size() < 19) digits.insert(digits.begin(), '0');
  digits.insert(digits.end() - 18, '.');
  return (neg ? "-" : "") + digits;
}

TEST(DecimalTextTest, PlainAndExponentNotation) {
  EXPECT_EQ(Render("1.5"), "1.500000000000000000");
  EXPECT_EQ(Render("-2.5e+2"), "-250.000000000000000000");
  EXPECT_EQ(Render("1.5E-3"), "0.001500000000000000");
  EXPECT_EQ(Render(" 42 "), "42.000000000000000000");
  EXPECT_EQ(Render(".5"), "0.500000000000000000");
  EXPECT_EQ(Render("7."), "7.000000000000000000");
  EXPECT_EQ(Render("+0.000000000000000001"), "0.000000000000000001");
  EXPECT_EQ(Render("1.23456789012345678E+5"), "123456.789012345678000000");
}

TEST(DecimalTextTest, RoundsBeyondEighteenDigitsHalfAwayFromZero) {
  EXPECT_EQ(Render("0.1234567890123456789"), "0.123456789012345679");
  EXPECT_EQ(Render("-0.0000000000000000005"), "-0.000000000000000001");
  EXPECT_EQ(Render("0.0000000000000000004"), "0.000000000000000000");
  EXPECT_EQ(Render("1E-20"), "0.000000000000000000");
}

TEST(DecimalTextTest, RefusesWhatIsNotANumberOrOutOfRange) {
  for (const char* bad : {"", " ", "abc", "1.2.3", "1e", "e5", "--1", "1,000", "$5", "0x10", "1e5x",
                          "100000000000000000000", "1e20", "NaN", "inf"})
    EXPECT_EQ(Render(bad), "NULL") << bad;
  EXPECT_EQ(Render("99999999999999999999.999999999999999999"), "99999999999999999999.999999999999999999");
  EXPECT_EQ(Render("1e-100000000"), "0.000000000000000000");
}

// Where DuckDB's own cast is right, we agree with it. (It is not for E-notation values below
// the 18th decimal: TRY_CAST('51e-21' AS DECIMAL(38,18)) gives 0.000000000000000001 where
// 5.1e-20 rounds to 0; RoundsBeyondEighteenDigits covers those.)
class DecimalFunctionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(DuckDatabase::Open("").value());
    conn_ = std::move(db_->Connect().value());
    ASSERT_TRUE(RegisterDecimalFunction(*conn_).ok());
  }
  std::shared_ptr<DuckDatabase> db_;
  std::unique_ptr<DuckConnection> conn_;
};

TEST_F(DecimalFunctionTest, AgreesWithDuckDbsOwnCast) {
  ASSERT_TRUE(RegisterDecimalFunction(*conn_).ok());  // idempotent
  auto r = conn_->Query(
      "SELECT count(*) FILTER (WHERE focusd_decimal(v) IS DISTINCT FROM TRY_CAST(v AS DECIMAL(38,18))) FROM "
      "(SELECT (CASE i % 4 WHEN 0 THEN (random() * 1e6)::VARCHAR WHEN 1 THEN (random() * 1e-6)::VARCHAR "
      "WHEN 2 THEN (-random() * 123.456)::DECIMAL(38,18)::VARCHAR ELSE i::VARCHAR || 'e' || (i % 10 - 5) END) AS v "
      "FROM range(20000) t(i))");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Text(0, 0), "0");
}

// focusd_decimal(DOUBLE) reads a double as the text DuckDB writes for it: the same decimal as
// focusd_decimal(CAST(x AS VARCHAR)) for every double, NULL for inf, NaN and 1e20 and beyond.
TEST_F(DecimalFunctionTest, DoubleReadsAsItsText) {
  const std::string doubles =
      "SELECT CASE i % 5 WHEN 0 THEN random() * 1e6 WHEN 1 THEN -random() * 1e-9 "
      "WHEN 2 THEN random() * pow(10, i % 40 - 20) WHEN 3 THEN round(random() * 1e4, 2) "
      "ELSE [0.1, -0.0, 1e19, 99999999999999983616.0, 1e20, 1e-30, 'inf', '-inf', 'nan', NULL][i % 10 + 1]::DOUBLE "
      "END AS x FROM range(20000) t(i)";
  auto r = conn_->Query("SELECT count(*) FILTER (WHERE focusd_decimal(x) IS DISTINCT FROM "
                        "focusd_decimal(CAST(x AS VARCHAR))), count(*) FILTER (WHERE focusd_decimal(x) IS NULL) "
                        "FROM (" + doubles + ")");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Text(0, 0), "0");
  EXPECT_GT(r->Int(0, 1), 0);  // the out-of-range and non-finite ones
  auto one = conn_->Query("SELECT focusd_decimal(0.1::DOUBLE)::VARCHAR, focusd_decimal(1e20::DOUBLE)");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->Text(0, 0), "0.100000000000000000");
  EXPECT_TRUE(one->IsNull(0, 1));
}

}  // namespace
}  // namespace focusd
