#include "auth/azure_blob_credential.h"

#include <gtest/gtest.h>

namespace focusd {
namespace {

BlobRequest ListRequest() {
  BlobRequest r;
  r.endpoint = "https://acct.blob.core.windows.net";
  r.resource = "/billing";
  r.query = {{"restype", "container"}, {"comp", "list"}, {"prefix", "focus/a b"}};
  r.headers = {{"x-ms-version", "2023-11-03"}};
  return r;
}

TEST(AzureBlobCredentialTest, SasTokenIsAppendedToTheQuery) {
  auto cred = MakeSasCredential(SecretString("?sv=2022-11-02&sr=c&sp=rl&sig=abc%2Bdef"));
  auto req = cred->Authorize(ListRequest());
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->url,
            "https://acct.blob.core.windows.net/billing?restype=container&comp=list&prefix=focus%2Fa%20b"
            "&sv=2022-11-02&sr=c&sp=rl&sig=abc%2Bdef");
  bool has_date = false;
  for (const auto& [k, v] : req->headers) has_date |= k == "x-ms-date";
  EXPECT_TRUE(has_date);
}

TEST(AzureBlobCredentialTest, SharedKeySignsThePathStyleResource) {
  auto cred = MakeSharedKeyCredential("devstoreaccount1", SecretString("c2VjcmV0a2V5"));
  BlobRequest r = ListRequest();
  r.endpoint = "http://127.0.0.1:10000/devstoreaccount1";
  auto req = cred->Authorize(r);
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  std::string auth;
  for (const auto& [k, v] : req->headers)
    if (k == "Authorization") auth = v;
  EXPECT_EQ(auth.rfind("SharedKey devstoreaccount1:", 0), 0u);
}

TEST(AzureBlobCredentialTest, SecretFieldsAreRequiredAndNamed) {
  AzureCredentialContext ctx;
  ctx.storage_account = "acct";
  EXPECT_EQ(AzureBlobCredentialFromSecret("azure_storage_key", nlohmann::json::object(), ctx).status().field(),
            "account_key");
  EXPECT_EQ(AzureBlobCredentialFromSecret("azure_sas", {{"sas_token", "sv=2022-11-02&sp=r"}}, ctx).status().field(),
            "sas_token");
  EXPECT_EQ(AzureBlobCredentialFromSecret("azure_service_principal", {{"tenant_id", "t"}, {"client_id", "c"}}, ctx)
                .status()
                .field(),
            "client_secret");
  EXPECT_EQ(AzureBlobCredentialFromSecret("gcp_service_account", nlohmann::json::object(), ctx).status().field(),
            "secret_id");
}

TEST(AzureBlobCredentialTest, SasSignaturesAreRedacted) {
  EXPECT_EQ(RedactSasSignature("https://a.blob.core.windows.net/c?sv=1&sig=AbC%2Bd&sp=r"),
            "https://a.blob.core.windows.net/c?sv=1&sig=REDACTED&sp=r");
  EXPECT_EQ(RedactSasSignature("signature 'sig=xyz' was wrong; sig=q"), "signature 'sig=REDACTED' was wrong; sig=REDACTED");
  EXPECT_EQ(RedactSasSignature("config=1"), "config=1");
}

TEST(AzureBlobCredentialTest, BlobPathsArePercentEncoded) {
  EXPECT_EQ(EncodeBlobPath("focus/my export/20240101-20240131/part_0.csv.gz"),
            "focus/my%20export/20240101-20240131/part_0.csv.gz");
}

}  // namespace
}  // namespace focusd
