#include "auth/azure_shared_key.h"

#include <gtest/gtest.h>

namespace focusd {
namespace {

// Azurite's well-known development key (published in the Azurite documentation).
const char* kDevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

// The example of "Authorize with Shared Key": Get Container Metadata with timeout=20,
// addressed as http://myaccount.blob.core.windows.net/myaccount/mycontainer?...
SharedKeyRequest DocumentedExample() {
  SharedKeyRequest r;
  r.method = "GET";
  r.account = "myaccount";
  r.path = "/myaccount/mycontainer";
  r.query = {{"restype", "container"}, {"comp", "metadata"}, {"timeout", "20"}};
  r.headers = {{"x-ms-version", "2009-09-19"}, {"x-ms-date", "Sun, 11 Oct 2009 21:49:13 GMT"}};
  return r;
}

TEST(AzureSharedKeyTest, StringToSignMatchesTheDocumentedExample) {
  EXPECT_EQ(SharedKeyStringToSign(DocumentedExample()),
            "GET\n\n\n\n\n\n\n\n\n\n\n\n"
            "x-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\nx-ms-version:2009-09-19\n"
            "/myaccount/myaccount/mycontainer\ncomp:metadata\nrestype:container\ntimeout:20");
}

TEST(AzureSharedKeyTest, CanonicalResourceGroupsAndSortsRepeatedQueryValues) {
  // The documented List Blobs example: include=snapshots&include=metadata&include=uncommittedblobs.
  SharedKeyRequest r;
  r.account = "myaccount";
  r.path = "/mycontainer";
  r.query = {{"restype", "container"}, {"comp", "list"}, {"include", "snapshots"}, {"include", "metadata"},
             {"include", "uncommittedblobs"}};
  std::string sts = SharedKeyStringToSign(r);
  EXPECT_EQ(sts.substr(sts.find("/myaccount")),
            "/myaccount/mycontainer\ncomp:list\ninclude:metadata,snapshots,uncommittedblobs\nrestype:container");
}

TEST(AzureSharedKeyTest, StandardHeadersTakeTheirSlotsAndZeroLengthIsEmpty) {
  SharedKeyRequest r;
  r.method = "GET";
  r.account = "a";
  r.path = "/c/b";
  r.headers = {{"Range", "bytes=10-"}, {"If-Match", "\"0x8D\""}, {"Content-Length", "0"},
               {"X-MS-Date", "Mon, 01 Jan 2024 00:00:00 GMT"}, {"x-ms-version", " 2023-11-03  "}};
  EXPECT_EQ(SharedKeyStringToSign(r),
            "GET\n\n\n\n\n\n\n\n\"0x8D\"\n\n\nbytes=10-\n"
            "x-ms-date:Mon, 01 Jan 2024 00:00:00 GMT\nx-ms-version:2023-11-03\n/a/c/b");
}

TEST(AzureSharedKeyTest, SignatureIsHmacSha256OfTheStringUnderTheDecodedKey) {
  // Reference value computed independently (Python hmac/hashlib) for the documented string.
  auto auth = SharedKeyAuthorization(DocumentedExample(), SecretString(kDevKey));
  ASSERT_TRUE(auth.ok()) << auth.status().ToString();
  EXPECT_EQ(*auth, "SharedKey myaccount:Su5rvibNeMxB7A4I87rOtEgCDtdICsL8v5H+yJs0W+M=");
}

TEST(AzureSharedKeyTest, KeyThatIsNotBase64IsRefusedWithoutEchoingIt) {
  auto auth = SharedKeyAuthorization(DocumentedExample(), SecretString("not-a-key!"));
  ASSERT_FALSE(auth.ok());
  EXPECT_EQ(auth.status().field(), "account_key");
  EXPECT_EQ(auth.status().message().find("not-a-key!"), std::string::npos);
}

TEST(AzureSharedKeyTest, HttpDateIsRfc1123) {
  EXPECT_EQ(HttpDate(std::chrono::system_clock::from_time_t(1255297753)), "Sun, 11 Oct 2009 21:49:13 GMT");
}

}  // namespace
}  // namespace focusd
