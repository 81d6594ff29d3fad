#include "focus/format_checks.h"

#include <functional>

#include <gtest/gtest.h>

#include "db/duckdb.h"
#include "focus/format_functions.h"

namespace focusd {
namespace {

class FormatChecks : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(DuckDatabase::Open(":memory:").value());
    conn_ = std::move(db_->Connect().value());
    ASSERT_TRUE(RegisterFormatFunctions(*conn_).ok());
  }
  // Evaluates `pred` (built for column "v") on one value; nullopt = SQL NULL.
  bool Holds(const std::function<std::string(const std::string&)>& pred,
             std::optional<std::string> value) {
    std::string v = value ? SqlQuote(*value) : "NULL";
    auto r = conn_->Query("SELECT " + pred("\"v\"") + " FROM (SELECT " + v + "::VARCHAR AS v)");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() && r->Text(0, 0) == "true";
  }
  std::shared_ptr<DuckDatabase> db_;
  std::unique_ptr<DuckConnection> conn_;
};

TEST_F(FormatChecks, DateTime) {
  EXPECT_TRUE(Holds(SqlDateTimeFormat, "2024-09-01T00:00:00Z"));
  EXPECT_TRUE(Holds(SqlDateTimeFormat, std::nullopt));
  EXPECT_FALSE(Holds(SqlDateTimeFormat, "2024-09-01 00:00:00"));   // space, no Z
  EXPECT_FALSE(Holds(SqlDateTimeFormat, "2024-09-01T00:00:00"));   // no Z
  // Month 13 has the right shape; the type rule (SqlDateTimeValue) rejects it.
  EXPECT_FALSE(Holds(SqlDateTimeValue, "2024-13-01T00:00:00Z"));
  EXPECT_TRUE(Holds(SqlDateTimeValue, "2024-09-01 00:00:00"));
  EXPECT_TRUE(Holds(SqlDateTimeValue, "2024-09-01T00:00:00+02:00"));
  EXPECT_TRUE(Holds(SqlDateTimeValue, "2024-09-01"));
  EXPECT_FALSE(Holds(SqlDateTimeValue, "9/1/24"));
}

TEST_F(FormatChecks, Numeric) {
  for (const char* ok : {"0", "-12.5", "1.2e10", "3E-5", ".5"}) EXPECT_TRUE(Holds(SqlNumericFormat, ok)) << ok;
  for (const char* bad : {"+1", "1,000.00", "$5", "12 USD", "1/2", "1e+5", "0.00 "})
    EXPECT_FALSE(Holds(SqlNumericFormat, bad)) << bad;
  EXPECT_TRUE(Holds(SqlDecimalValue, "1e5"));
  EXPECT_FALSE(Holds(SqlDecimalValue, "inf"));
  EXPECT_FALSE(Holds(SqlDecimalValue, "abc"));
}

TEST_F(FormatChecks, Currency) {
  EXPECT_TRUE(Holds(SqlNationalCurrency, "EUR"));
  EXPECT_FALSE(Holds(SqlNationalCurrency, "eur"));
  EXPECT_FALSE(Holds(SqlNationalCurrency, "Credits"));
  EXPECT_TRUE(Holds(SqlCurrencyFormat, "Credits"));  // virtual currency
  EXPECT_FALSE(Holds(SqlCurrencyFormat, "XYZ"));
  EXPECT_GT(CurrencyCodes().size(), 150u);
}

TEST_F(FormatChecks, Unit) {
  for (const char* ok : {"GB", "GB-Hours", "GB/Hour", "1000 Requests", "Requests/Second", "Hours"})
    EXPECT_TRUE(Holds(SqlUnitFormat, ok)) << ok;
  for (const char* bad : {"hrs*(GB)", "GB--Hours", "1,000 Requests", " GB", "GB/"})
    EXPECT_FALSE(Holds(SqlUnitFormat, bad)) << bad;
}

TEST_F(FormatChecks, KeyValue) {
  EXPECT_TRUE(Holds(SqlKeyValueFormat, "{\"team\": \"web\", \"n\": 1, \"flag\": true, \"x\": null}"));
  EXPECT_TRUE(Holds(SqlKeyValueFormat, "{}"));
  EXPECT_FALSE(Holds(SqlKeyValueFormat, "team=web"));
  EXPECT_FALSE(Holds(SqlKeyValueFormat, "[1]"));
  EXPECT_FALSE(Holds(SqlKeyValueFormat, "{\"a\": {\"b\": 1}}"));
  EXPECT_FALSE(Holds(SqlKeyValueFormat, "{\"a\": [1]}"));
}

}  // namespace
}  // namespace focusd
