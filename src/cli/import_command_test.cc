// `focusd import` as a user runs it: the real binary, its output and exit status.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/random.h"
#include "db/duckdb.h"
#include "support/shell_command.h"

namespace focusd {
namespace {

namespace fs = std::filesystem;

struct Output {
  int status;
  std::string text;
};

Output RunFocusd(const std::string& args) {
  focusd::testing::CommandOutput o = focusd::testing::RunCommand(std::string(FOCUSD_BINARY) + " " + args + " 2>&1");
  return {o.exit_code, o.out};
}

class ImportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("focusd_cli_" + RandomHex(6));
    fs::create_directories(dir_);
    csv_ = (dir_ / "sept.csv").string();
    std::ofstream(csv_) << "BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,"
                           "ChargePeriodEnd,ChargeCategory,BilledCost,EffectiveCost,ListCost\n"
                           "USD,2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,2024-09-01T00:00:00Z,"
                           "2024-09-02T00:00:00Z,Usage,1.25,1,2\n"
                           "EUR,2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,2024-09-01T00:00:00Z,"
                           "2024-09-02T00:00:00Z,usage,3,3,3\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string csv_;
};

TEST_F(ImportCommandTest, PrintsTotalsPerPeriodAndCurrency) {
  auto out = RunFocusd("import " + csv_ + " --connector mine --data-dir " + dir_.string());
  EXPECT_EQ(out.status, 0) << out.text;
  EXPECT_NE(out.text.find("imported 2 rows from 1 file as FOCUS 1.0, connector mine"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("2024-09: 2 rows (replaced 0 rows)"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("billed 1.25"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("ChargeCategory: 1 value re-spelled"), std::string::npos) << out.text;
  EXPECT_TRUE(fs::exists(dir_ / "focusd.duckdb"));
  auto again = RunFocusd("import " + csv_ + " --connector mine --data-dir " + dir_.string());
  EXPECT_NE(again.text.find("(replaced 2 rows)"), std::string::npos) << again.text;
}

TEST_F(ImportCommandTest, RefusesBadInputWithTheFileNameAndNonZeroExit) {
  std::string bad = (dir_ / "bad.csv").string();
  std::ofstream(bad) << "a,b\n1,2\n";
  auto out = RunFocusd("import " + bad + " --connector mine --data-dir " + dir_.string());
  EXPECT_NE(out.status, 0);
  EXPECT_NE(out.text.find(bad + ": not a FOCUS cost file"), std::string::npos) << out.text;
  auto v = RunFocusd("import " + csv_ + " --connector mine --version pre-1.0 --data-dir " + dir_.string());
  EXPECT_NE(v.status, 0);
  EXPECT_NE(v.text.find("declared FOCUS pre-1.0"), std::string::npos) << v.text;
}

TEST_F(ImportCommandTest, SaysSoWhenTheDatabaseIsInUse) {
  auto db = DuckDatabase::Open((dir_ / "focusd.duckdb").string());  // holds the file lock
  ASSERT_TRUE(db.ok());
  auto out = RunFocusd("import " + csv_ + " --connector mine --data-dir " + dir_.string());
  EXPECT_NE(out.status, 0);
  EXPECT_NE(out.text.find("in use by another process"), std::string::npos) << out.text;
}

}  // namespace
}  // namespace focusd

namespace focusd {
namespace {

TEST_F(ImportCommandTest, ReportsConformanceAndStrictRefusesMustFailures) {
  // The file lacks columns FOCUS 1.0 makes mandatory (BillingAccountId, ServiceName, ...).
  auto strict = RunFocusd("import " + csv_ + " --connector mine --strict --data-dir " + dir_.string());
  EXPECT_NE(strict.status, 0);
  EXPECT_NE(strict.text.find("MUST rules fail"), std::string::npos) << strict.text;
  EXPECT_NE(strict.text.find("nothing stored changed"), std::string::npos) << strict.text;

  auto lenient = RunFocusd("import " + csv_ + " --connector mine --data-dir " + dir_.string());
  EXPECT_EQ(lenient.status, 0) << lenient.text;
  EXPECT_NE(lenient.text.find("conformance: "), std::string::npos) << lenient.text;
  EXPECT_EQ(lenient.text.find("conformance: 0 MUST"), std::string::npos) << lenient.text;
}

}  // namespace
}  // namespace focusd
