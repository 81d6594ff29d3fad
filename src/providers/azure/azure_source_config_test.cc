#include <gtest/gtest.h>

#include <cstdlib>

#include "providers/azure/azure_billing_source.h"

namespace focusd {
namespace {

TEST(AzureSourceConfigTest, FieldsSplitThePathAndNameBadInput) {
  auto c = AzureSourceConfigFromFields(
      {{"region", "China"}, {"storage_account", "acmebilling"}, {"path", "/billing/focus/exports/"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->cloud, AzureCloud::kChina);
  EXPECT_EQ(c->container, "billing");
  EXPECT_EQ(c->folder, "focus/exports");
  auto root = AzureSourceConfigFromFields({{"storage_account", "acmebilling"}, {"path", "billing"}});
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->cloud, AzureCloud::kPublic);
  EXPECT_EQ(root->folder, "");

  EXPECT_EQ(AzureSourceConfigFromFields({{"storage_account", "a"}, {"path", ""}}).status().field(), "path");
  EXPECT_EQ(AzureSourceConfigFromFields({{"path", "c/f"}}).status().field(), "storage_account");
  EXPECT_EQ(AzureSourceConfigFromFields({{"region", "Moon"}, {"storage_account", "a"}, {"path", "c"}}).status().field(),
            "region");
}

TEST(AzureSourceConfigTest, OverridesComeFromFieldsThenTheEnvironment) {
  setenv("AZURE_AUTHORITY_HOST", "https://login.chinacloudapi.cn/", 1);
  setenv("FOCUSD_AZURE_BLOB_ENDPOINT", "UseDevelopmentStorage=true", 1);
  auto env = AzureSourceConfigFromFields({{"storage_account", "devstoreaccount1"}, {"path", "billing"}});
  auto fields = AzureSourceConfigFromFields({{"storage_account", "devstoreaccount1"}, {"path", "billing"},
                                             {"blob_endpoint", "https://127.0.0.1:4430/devstoreaccount1"},
                                             {"authority_host", "https://login.example.test"}});
  unsetenv("AZURE_AUTHORITY_HOST");
  unsetenv("FOCUSD_AZURE_BLOB_ENDPOINT");
  ASSERT_TRUE(env.ok());
  auto e = ResolveAzureEndpoints(env->cloud, env->storage_account, env->overrides);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->blob_endpoint, "http://127.0.0.1:10000/devstoreaccount1");
  EXPECT_EQ(e->authority_host, "https://login.chinacloudapi.cn");
  ASSERT_TRUE(fields.ok());
  EXPECT_EQ(fields->overrides.blob_endpoint, "https://127.0.0.1:4430/devstoreaccount1");
  EXPECT_EQ(fields->overrides.authority_host, "https://login.example.test");
}

TEST(AzureSourceConfigTest, ASecretOfAnotherKindIsRefused) {
  auto c = AzureSourceConfigFromFields({{"storage_account", "acmebilling"}, {"path", "billing/focus"}});
  ASSERT_TRUE(c.ok());
  auto s = AzureBillingSource::Create(*c, "oci_api_key", nlohmann::json::object());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().field(), "secret_id");
}

}  // namespace
}  // namespace focusd
