#include "auth/azure_cloud.h"

#include <gtest/gtest.h>

namespace focusd {
namespace {

TEST(AzureCloudTest, DefaultCloudEndpoints) {
  auto e = ResolveAzureEndpoints(*ParseAzureRegion("Default"), "acmebilling");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->authority_host, "https://login.microsoftonline.com");
  EXPECT_EQ(e->blob_endpoint, "https://acmebilling.blob.core.windows.net");
  EXPECT_EQ(e->storage_scope, "https://storage.azure.com/.default");
}

TEST(AzureCloudTest, ChinaRegionResolvesTheChinaEndpoints) {
  auto cloud = ParseAzureRegion("china");
  ASSERT_TRUE(cloud.ok());
  EXPECT_EQ(*cloud, AzureCloud::kChina);
  auto e = ResolveAzureEndpoints(*cloud, "acmebilling");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->authority_host, "https://login.chinacloudapi.cn");
  EXPECT_EQ(e->blob_endpoint, "https://acmebilling.blob.core.chinacloudapi.cn");
}

TEST(AzureCloudTest, UnknownRegionAndBadAccountNameTheField) {
  EXPECT_EQ(ParseAzureRegion("Mars").status().field(), "region");
  EXPECT_EQ(ResolveAzureEndpoints(AzureCloud::kPublic, "Bad_Name").status().field(), "storage_account");
}

TEST(AzureCloudTest, OverridesTakeUrlsAndConnectionStrings) {
  AzureEndpointOverrides o;
  o.blob_endpoint = "http://127.0.0.1:10000/devstoreaccount1/";
  o.authority_host = "https://login.chinacloudapi.cn/";
  auto e = ResolveAzureEndpoints(AzureCloud::kChina, "devstoreaccount1", o);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->blob_endpoint, "http://127.0.0.1:10000/devstoreaccount1");
  EXPECT_EQ(e->authority_host, "https://login.chinacloudapi.cn");

  o.blob_endpoint =
      "DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=c2VjcmV0;"
      "BlobEndpoint=https://127.0.0.1:4430/devstoreaccount1;";
  e = ResolveAzureEndpoints(AzureCloud::kPublic, "devstoreaccount1", o);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->blob_endpoint, "https://127.0.0.1:4430/devstoreaccount1");

  EXPECT_EQ(*BlobEndpointFromConnectionString("UseDevelopmentStorage=true"), "http://127.0.0.1:10000/devstoreaccount1");
  EXPECT_EQ(*BlobEndpointFromConnectionString("DefaultEndpointsProtocol=https;AccountName=acct;EndpointSuffix=core.chinacloudapi.cn"),
            "https://acct.blob.core.chinacloudapi.cn");
  EXPECT_EQ(BlobEndpointFromConnectionString("AccountName=x;AccountKey=y").status().field(), "blob_endpoint");
}

TEST(AzureCloudTest, PlainHttpOnlyForLoopback) {
  AzureEndpointOverrides o;
  o.blob_endpoint = "http://storage.example.com";
  auto e = ResolveAzureEndpoints(AzureCloud::kPublic, "acct", o);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().field(), "blob_endpoint");
  o.blob_endpoint = "";
  o.authority_host = "http://login.example.com";
  EXPECT_EQ(ResolveAzureEndpoints(AzureCloud::kPublic, "acct", o).status().field(), "authority_host");
  o.authority_host = "http://localhost:8080";
  EXPECT_TRUE(ResolveAzureEndpoints(AzureCloud::kPublic, "acct", o).ok());
}

}  // namespace
}  // namespace focusd
