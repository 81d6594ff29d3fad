#include "focus/version_detector.h"

#include <gtest/gtest.h>

#include "focus/canonical_schema.h"

namespace focusd {
namespace {

const std::vector<std::string> kBase = {"BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart",
                                        "ChargePeriodEnd", "ChargeCategory", "BilledCost",
                                        "EffectiveCost"};

std::vector<std::string> With(std::vector<std::string> extra) {
  auto v = kBase;
  v.insert(v.end(), extra.begin(), extra.end());
  return v;
}

TEST(VersionDetectorTest, NewestColumnDecides) {
  EXPECT_EQ(DetectVersion(With({"ChargeClass"})).version, FocusVersion::k10);
  EXPECT_EQ(DetectVersion(With({"SkuMeter"})).version, FocusVersion::k11);
  EXPECT_EQ(DetectVersion(With({"SkuMeter", "InvoiceId"})).version, FocusVersion::k12);
  auto d = DetectVersion(With({"InvoiceId", "ServiceProviderName"}));
  EXPECT_EQ(d.version, FocusVersion::k13);
  EXPECT_NE(d.evidence.find("ServiceProviderName"), std::string::npos);
}

TEST(VersionDetectorTest, PreOneZeroNamesAreRecognizedAndCountAsRequired) {
  std::vector<std::string> pre = {"BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart",
                                  "ChargePeriodEnd", "ChargeType", "BilledCost", "AmortizedCost"};
  EXPECT_EQ(DetectVersion(pre).version, FocusVersion::kPre10);
  EXPECT_TRUE(MissingRequiredColumns(pre).empty());
  EXPECT_EQ(LegacyRename("UsageQuantity").value(), "ConsumedQuantity");
  // OCI 1.0 reports keep UsageQuantity beside ConsumedQuantity: still 1.0.
  EXPECT_EQ(DetectVersion(With({"ConsumedQuantity", "UsageQuantity"})).version, FocusVersion::k10);
}

TEST(VersionDetectorTest, NamesMissingRequiredColumns) {
  auto missing = MissingRequiredColumns({"BillingPeriodStart", "Foo", "billedcost"});
  EXPECT_EQ(missing, (std::vector<std::string>{"BillingPeriodEnd", "ChargePeriodStart",
                                               "ChargePeriodEnd", "ChargeCategory", "EffectiveCost"}));
}

TEST(VersionDetectorTest, DeclaredVersionMustNotBeOlderThanTheColumns) {
  auto d12 = DetectVersion(With({"InvoiceId"}));
  EXPECT_TRUE(CheckDeclaredVersion(FocusVersion::k12, d12, "f.csv").ok());
  EXPECT_TRUE(CheckDeclaredVersion(FocusVersion::k13, d12, "f.csv").ok());
  Status s = CheckDeclaredVersion(FocusVersion::k10, d12, "f.csv");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("f.csv"), std::string::npos);
  EXPECT_NE(s.message().find("InvoiceId"), std::string::npos);
  EXPECT_FALSE(CheckDeclaredVersion(FocusVersion::kPre10, d12, "f.csv").ok());
}

TEST(CanonicalSchemaTest, IsTheOneThreeSupersetWithDecimalMoney) {
  EXPECT_EQ(CanonicalColumns().size(), 65u);
  ASSERT_NE(FindCanonicalColumn("skupriceid"), nullptr);
  EXPECT_EQ(FindCanonicalColumn("BilledCost")->kind, ColumnKind::kDecimal);
  EXPECT_STREQ(DuckDbType(ColumnKind::kDecimal), "DECIMAL(38,18)");
  EXPECT_EQ(FindCanonicalColumn("HostProviderName")->since, FocusVersion::k13);
  EXPECT_TRUE(IsProviderExtension("x_ServiceCode"));
  EXPECT_TRUE(IsProviderExtension("oci_CompartmentId"));
  EXPECT_FALSE(IsProviderExtension("x_"));
}

}  // namespace
}  // namespace focusd
