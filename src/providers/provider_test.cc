#include "providers/provider.h"

#include <gtest/gtest.h>

namespace focusd {
namespace {

TEST(ProviderTest, NamesAreTheOnesTheApiUses) {
  EXPECT_STREQ(ProviderName(Provider::kAws), "AWS");
  EXPECT_STREQ(ProviderName(Provider::kAzure), "Azure");
  EXPECT_STREQ(ProviderName(Provider::kGcp), "GCP");
  EXPECT_STREQ(ProviderName(Provider::kOci), "OCI");
}

TEST(ProviderTest, ParseIsCaseInsensitiveAndRoundTrips) {
  for (Provider p : AllProviders()) EXPECT_EQ(ParseProvider(ProviderName(p)), p);
  EXPECT_EQ(ParseProvider("aws"), Provider::kAws);
  EXPECT_EQ(ParseProvider("AZURE"), Provider::kAzure);
  EXPECT_EQ(ParseProvider("gCp"), Provider::kGcp);
  EXPECT_EQ(ParseProvider("oci"), Provider::kOci);
}

TEST(ProviderTest, ParseRejectsAnythingElse) {
  EXPECT_EQ(ParseProvider(""), std::nullopt);
  EXPECT_EQ(ParseProvider("AW"), std::nullopt);
  EXPECT_EQ(ParseProvider("AWSX"), std::nullopt);
  EXPECT_EQ(ParseProvider(" AWS"), std::nullopt);
  EXPECT_EQ(ParseProvider("Oracle"), std::nullopt);
}

TEST(ProviderTest, AllProvidersInApiOrder) {
  ASSERT_EQ(AllProviders().size(), 4u);
  EXPECT_EQ(AllProviders()[0], Provider::kAws);
  EXPECT_EQ(AllProviders()[3], Provider::kOci);
}

}  // namespace
}  // namespace focusd
