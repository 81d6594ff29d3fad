// `focusd validate` as a user runs it: exit codes and report files.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "support/shell_command.h"
namespace {

namespace fs = std::filesystem;

const char* kHeader =
    "BilledCost,BillingAccountId,BillingAccountName,BillingAccountType,BillingCurrency,BillingPeriodEnd,"
    "BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ChargePeriodEnd,"
    "ChargePeriodStart,ConsumedQuantity,ConsumedUnit,ContractedCost,ContractedUnitPrice,EffectiveCost,"
    "InvoiceId,InvoiceIssuerName,ListCost,ListUnitPrice,PricingCategory,PricingCurrency,PricingQuantity,"
    "PricingUnit,ProviderName,PublisherName,RegionId,RegionName,ResourceId,ResourceName,ResourceType,"
    "ServiceCategory,ServiceName,ServiceSubcategory,SkuId,SkuMeter,SkuPriceDetails,SkuPriceId,"
    "SubAccountId,SubAccountName,SubAccountType,Tags\n";

std::string Row(const std::string& billed_cost, const std::string& period_start) {
  return billed_cost + ",123456789012,Acme,Payer,USD,2024-10-01T00:00:00Z," + period_start +
         ",Usage,,EC2 instance hours,Usage-Based,2024-09-01T01:00:00Z,2024-09-01T00:00:00Z,10,Hours,"
         "12.5,1.25,12.5,INV-1,\"Amazon Web Services, Inc.\",12.5,1.25,Standard,USD,10,Hours,AWS,AWS,"
         "us-east-1,US East,i-0abc,web-1,Virtual Machine,Compute,Amazon EC2,Virtual Machines,SKU1,"
         "Compute Instance,\"{\"\"a\"\": \"\"b\"\"}\",SKU1-P1,210987654321,Dev,Linked Account,"
         "\"{\"\"team\"\": \"\"web\"\"}\"\n";
}

class ValidateCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("focusd_validate_cli_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  int Run(const std::string& args, std::string* out = nullptr) {
    focusd::testing::CommandOutput o =
        focusd::testing::RunCommand(std::string(FOCUSD_BINARY) + " validate " + args + " 2>/dev/null");
    if (out) *out = o.out;
    return o.exit_code;
  }

  fs::path dir_;
};

TEST_F(ValidateCli, ConformantFileExitsZero) {
  std::string f = Write("good.csv", std::string(kHeader) + Row("12.5", "2024-09-01T00:00:00Z"));
  std::string out;
  EXPECT_EQ(Run(f, &out), 0) << out;
  EXPECT_NE(out.find("OK: no MUST rule fails"), std::string::npos) << out;
}

TEST_F(ValidateCli, MustFailureExitsOneAndNamesRowAndValue) {
  std::string f = Write("bad.csv", std::string(kHeader) + Row("12.5", "2024-09-01T00:00:00Z") +
                                       Row("12.5", "2024-09-01 00:00:00"));
  std::string out;
  EXPECT_EQ(Run(f, &out), 1);
  EXPECT_NE(out.find("BillingPeriodStart-C-002-M"), std::string::npos) << out;
  EXPECT_NE(out.find("bad.csv:2 BillingPeriodStart=\"2024-09-01 00:00:00\""), std::string::npos) << out;
}

TEST_F(ValidateCli, JsonAndJUnitOutputsParse) {
  std::string f = Write("bad.csv", std::string(kHeader) + Row("abc", "2024-09-01T00:00:00Z"));
  std::string out;
  EXPECT_EQ(Run("--format json " + f, &out), 1);
  nlohmann::json j = nlohmann::json::parse(out);
  EXPECT_EQ(j["focus_version"], "1.2");
  EXPECT_GE(j["summary"]["must_failures"].get<int>(), 1);

  std::string xml_path = (dir_ / "report.xml").string();
  EXPECT_EQ(Run("--format junit --output " + xml_path + " " + f), 1);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file(xml_path.c_str()));
  EXPECT_GE(doc.child("testsuites").child("testsuite").attribute("failures").as_int(), 1);
}

TEST_F(ValidateCli, VersionFlagSelectsTheRules) {
  std::string f = Write("good.csv", std::string(kHeader) + Row("12.5", "2024-09-01T00:00:00Z"));
  std::string out;
  EXPECT_EQ(Run("--version 1.1 --format json " + f, &out), 0) << out;
  EXPECT_EQ(nlohmann::json::parse(out)["focus_version"], "1.1");
}

TEST_F(ValidateCli, ReadErrorsExitTwo) {
  EXPECT_EQ(Run((dir_ / "missing.csv").string()), 2);
  EXPECT_EQ(Run(Write("empty.csv", "")), 2);
}

}  // namespace
