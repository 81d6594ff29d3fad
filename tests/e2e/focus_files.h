// FOCUS 1.0 billing files for the end-to-end tests, in the formats the providers deliver:
// CSV, gzip CSV and Parquet (written by DuckDB, costs as DECIMAL(38,18) so totals stay exact).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/random.h"
#include "db/duckdb.h"
#include "support/gzip.h"

namespace focusd::testing {

struct Charge {
  std::string day;   // "YYYY-MM-DD"
  std::string cost;  // decimal text, exact
  std::string service = "Amazon Elastic Compute Cloud";
};

inline std::string FocusCsv(const std::string& provider, const std::vector<Charge>& charges) {
  std::string csv =
      "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,"
      "ChargeCategory,ChargeFrequency,BilledCost,EffectiveCost,ListCost,ServiceName,ProviderName,PublisherName,"
      "InvoiceIssuerName,UsageQuantity,UsageUnit\n";
  for (const auto& c : charges) {
    std::string period = c.day.substr(0, 7);
    csv += "111122223333,USD," + period + "-01T00:00:00Z," + period + "-28T00:00:00Z," + c.day + "T00:00:00Z," +
           c.day + "T01:00:00Z,Usage,Usage-Based," + c.cost + "," + c.cost + "," + c.cost + "," + c.service + "," +
           provider + "," + provider + "," + provider + ",1.5,Hours\n";
  }
  return csv;
}

inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The same charges as a Parquet file's bytes, with timestamps and exact decimals typed.
inline std::string FocusParquet(const std::string& provider, const std::vector<Charge>& charges) {
  std::string dir = ::testing::TempDir() + "/focus-parquet-" + RandomHex(6);
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir + "/in.csv") << FocusCsv(provider, charges);
  }
  auto db = DuckDatabase::Open(":memory:");
  EXPECT_TRUE(db.ok());
  auto conn = (*db)->Connect();
  Status st = (*conn)->Execute(
      "COPY (SELECT * REPLACE (BillingPeriodStart::TIMESTAMP AS BillingPeriodStart, "
      "BillingPeriodEnd::TIMESTAMP AS BillingPeriodEnd, ChargePeriodStart::TIMESTAMP AS ChargePeriodStart, "
      "ChargePeriodEnd::TIMESTAMP AS ChargePeriodEnd, BilledCost::DECIMAL(38,18) AS BilledCost, "
      "EffectiveCost::DECIMAL(38,18) AS EffectiveCost, ListCost::DECIMAL(38,18) AS ListCost, "
      "UsageQuantity::DECIMAL(38,18) AS UsageQuantity) FROM read_csv('" + dir +
      "/in.csv', all_varchar=true, header=true)) TO '" + dir + "/out.parquet' (FORMAT parquet)");
  EXPECT_TRUE(st.ok()) << st.ToString();
  std::string bytes = ReadBytes(dir + "/out.parquet");
  std::filesystem::remove_all(dir);
  return bytes;
}

}  // namespace focusd::testing
