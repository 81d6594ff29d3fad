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
TEST(DecimalTextTest, AgreesWithDuckDbsOwnCast) {
  auto db = DuckDatabase::Open("");
  ASSERT_TRUE(db.ok());
  auto conn = (*db)->Connect();
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE(RegisterDecimalFunction(**conn).ok());
  ASSERT_TRUE(RegisterDecimalFunction(**conn).ok());  // idempotent
  auto r = (*conn)->Query(
      "SELECT count(*) FILTER (WHERE focusd_decimal(v) IS DISTINCT FROM TRY_CAST(v AS DECIMAL(38,18))) FROM "
      "(SELECT (CASE i % 4 WHEN 0 THEN (random() * 1e6)::VARCHAR WHEN 1 THEN (random() * 1e-6)::VARCHAR "
      "WHEN 2 THEN (-random() * 123.456)::DECIMAL(38,18)::VARCHAR ELSE i::VARCHAR || 'e' || (i % 10 - 5) END) AS v "
      "FROM range(20000) t(i))");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Text(0, 0), "0");
}

}  // namespace
}  // namespace focusd
