#include "auth/oci_signer.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "auth/rsa_keys.h"
#include "http/http_date.h"
#include "providers/test_keys.h"

namespace focusd {
namespace {

// Oracle's published test values for request signing ("Test Values" in
// https://docs.oracle.com/en-us/iaas/Content/API/Concepts/signingrequests.htm, reproduced in
// the OCI SDKs' signer tests). The key is Oracle's public 1024-bit example key: it protects
// nothing, it only pins the signature down byte for byte.
const char kOracleExampleKey[] = R"(-----BEGIN RSA PRIVATE KEY-----
MIICXgIBAAKBgQDCFENGw33yGihy92pDjZQhl0C36rPJj+CvfSC8+q28hxA161QF
NUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6Z4UMR7EOcpfdUE9Hf3m/hs+F
UR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJwoYi+1hqp1fIekaxsyQIDAQAB
AoGBAJR8ZkCUvx5kzv+utdl7T5MnordT1TvoXXJGXK7ZZ+UuvMNUCdN2QPc4sBiA
QWvLw1cSKt5DsKZ8UETpYPy8pPYnnDEz2dDYiaew9+xEpubyeW2oH4Zx71wqBtOK
kqwrXa/pzdpiucRRjk6vE6YY7EBBs/g7uanVpGibOVAEsqH1AkEA7DkjVH28WDUg
f1nqvfn2Kj6CT7nIcE3jGJsZZ7zlZmBmHFDONMLUrXR/Zm3pR5m0tCmBqa5RK95u
412jt1dPIwJBANJT3v8pnkth48bQo/fKel6uEYyboRtA5/uHuHkZ6FQF7OUkGogc
mSJluOdc5t6hI1VsLn0QZEjQZMEOWr+wKSMCQQCC4kXJEsHAve77oP6HtG/IiEn7
kpyUXRNvFsDE0czpJJBvL/aRFUJxuRK91jhjC68sA7NsKMGg5OXb5I5Jj36xAkEA
gIT7aFOYBFwGgQAQkWNKLvySgKbAZRTeLBacpHMuQdl1DfdntvAyqpAZ0lY0RKmW
G6aFKaqQfOXKCyWoUiVknQJAXrlgySFci/2ueKlIE1QqIiLSZ8V8OlpFLRnb1pzI
7U1yQXnTAEFYM560yJlzUpOb1V4cScGd365tiSMvxLOvTA==
-----END RSA PRIVATE KEY-----
)";

const char kExampleKeyId[] =
    "ocid1.tenancy.oc1..aaaaaaaaba3pv6wkcr4jqae5f15p2b2m2yt2j6rx32uzr4h25vqstifsfdsq/"
    "ocid1.user.oc1..aaaaaaaat5nvwcna5j6aqzjcaty5eqbb6qt2jvpkanghtgdaqedqw3rynjq/"
    "20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34";

// 5 January 2014 was a Sunday: the example's date is signed as the literal it is.
const char kExampleDate[] = "Thu, 05 Jan 2014 21:31:40 GMT";

const char kExampleGetUrl[] =
    "https://iaas.us-phoenix-1.oraclecloud.com/20160918/instances?availabilityDomain=Pjwf%3A%20PHX-AD-1&"
    "compartmentId=ocid1.compartment.oc1..aaaaaaaam3we6vgnherjq5q2idnccdflvjsnog7mlr6rtdb25gilchfeyjxa&"
    "displayName=TeamXInstances&volumeId=ocid1.volume.oc1.phx.abyhqljrgvttnlx73nmrwfaux7kcvzfs3s66izvxf2h4lgvyndsdsnoiwr5q";

const char kExamplePostBody[] = R"({
    "compartmentId": "ocid1.compartment.oc1..aaaaaaaam3we6vgnherjq5q2idnccdflvjsnog7mlr6rtdb25gilchfeyjxa",
    "instanceId": "ocid1.instance.oc1.phx.abuw4ljrlsfiqw6vzzxb43vyypt4pkodawglp3wqxjqofakrwvou52gb6s5a",
    "volumeId": "ocid1.volume.oc1.phx.abyhqljrgvttnlx73nmrwfaux7kcvzfs3s66izvxf2h4lgvyndsdsnoiwr5q"
})";

std::string Header(const HttpRequest& req, const std::string& name) {
  for (const auto& [k, v] : req.headers)
    if (k == name) return v;
  return "<missing>";
}

OciRequestSigner ExampleSigner() {
  auto s = OciRequestSigner::Create(kExampleKeyId, SecretString(kOracleExampleKey));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

TEST(OciSignerTest, OraclePublishedGetExample) {
  HttpRequest req;
  req.url = kExampleGetUrl;
  req.headers.push_back({"date", kExampleDate});
  ASSERT_TRUE(ExampleSigner().Sign(req, Clock::now()).ok());
  EXPECT_EQ(Header(req, "host"), "iaas.us-phoenix-1.oraclecloud.com");
  EXPECT_EQ(Header(req, "authorization"),
            "Signature version=\"1\",headers=\"date (request-target) host\",keyId=\"" + std::string(kExampleKeyId) +
                "\",algorithm=\"rsa-sha256\",signature=\"GBas7grhyrhSKHP6AVIj/h5/Vp8bd/peM79H9Wv8kjoaCivujVXlpbKLjMPe"
                "DUhxkFIWtTtLBj3sUzaFj34XE6YZAHc9r2DmE4pMwOAy/kiITcZxa1oHPOeRheC0jP2dqbTll"
                "8fmTZVwKZOKHYPtrLJIJQHJjNvxFWeHQjMaR7M=\"");
}

TEST(OciSignerTest, OraclePublishedGetSigningString) {
  auto s = OciSigningString(OciRequiredSignedHeaders("GET"), OciRequestTarget("GET", kExampleGetUrl),
                            [](const std::string& n) -> std::optional<std::string> {
                              if (n == "date") return kExampleDate;
                              if (n == "host") return "iaas.us-phoenix-1.oraclecloud.com";
                              return std::nullopt;
                            });
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s,
            "date: Thu, 05 Jan 2014 21:31:40 GMT\n"
            "(request-target): get /20160918/instances?availabilityDomain=Pjwf%3A%20PHX-AD-1&compartmentId="
            "ocid1.compartment.oc1..aaaaaaaam3we6vgnherjq5q2idnccdflvjsnog7mlr6rtdb25gilchfeyjxa&displayName="
            "TeamXInstances&volumeId=ocid1.volume.oc1.phx.abyhqljrgvttnlx73nmrwfaux7kcvzfs3s66izvxf2h4lgvyndsdsnoiwr5q\n"
            "host: iaas.us-phoenix-1.oraclecloud.com");
}

TEST(OciSignerTest, OraclePublishedPostExample) {
  HttpRequest req;
  req.method = "POST";
  req.url = "https://iaas.us-phoenix-1.oraclecloud.com/20160918/volumeAttachments";
  req.body = kExamplePostBody;
  req.headers.push_back({"date", kExampleDate});
  ASSERT_EQ(req.body.size(), 316u);
  ASSERT_TRUE(ExampleSigner().Sign(req, Clock::now()).ok());
  EXPECT_EQ(Header(req, "content-length"), "316");
  EXPECT_EQ(Header(req, "content-type"), "application/json");
  EXPECT_EQ(Header(req, "x-content-sha256"), "V9Z20UJTvkvpJ50flBzKE32+6m2zJjweHpDMX/U4Uy0=");
  EXPECT_EQ(Header(req, "authorization"),
            "Signature version=\"1\",headers=\"date (request-target) host content-length content-type "
            "x-content-sha256\",keyId=\"" +
                std::string(kExampleKeyId) +
                "\",algorithm=\"rsa-sha256\",signature=\"Mje8vIDPlwIHmD/cTDwRxE7HaAvBg16JnVcsuqaNRim23fFPgQfLoOOxae6W"
                "qKb1uPjYEl0qIdazWaBy/Ml8DRhqlocMwoSXv0fbukP8J5N80LCmzT/FFBvIvTB91XuXI3hYfP9Zt1l7S6ieVadHUfqBedWH0it"
                "rtPJBgKmrWso=\"");
}

TEST(OciSignerTest, AddsTodaysDateAndHostWithPort) {
  HttpRequest req;
  req.url = "http://127.0.0.1:8123/n/bling/b/t/o?prefix=FOCUS%20Reports%2F";
  auto now = ParseHttpDate("Wed, 25 Nov 2026 08:00:00 GMT");
  ASSERT_TRUE(now);
  ASSERT_TRUE(ExampleSigner().Sign(req, *now).ok());
  EXPECT_EQ(Header(req, "date"), "Wed, 25 Nov 2026 08:00:00 GMT");
  EXPECT_EQ(Header(req, "host"), "127.0.0.1:8123");
  EXPECT_EQ(OciRequestTarget("GET", req.url), "get /n/bling/b/t/o?prefix=FOCUS%20Reports%2F");
  ASSERT_TRUE(ExampleSigner().Sign(req, *now).ok());  // signing again replaces the signature
  EXPECT_EQ(std::count_if(req.headers.begin(), req.headers.end(),
                          [](const auto& h) { return h.first == "authorization"; }),
            1);
}

TEST(OciSignerTest, EncryptedKeysNeedTheirPassphraseAndErrorsNeverShowTheKey) {
  const auto& key = testing::RsaKey();
  std::string pem = testing::EncryptedPkcs8Pem(key, "correct horse");
  EXPECT_TRUE(OciRequestSigner::Create("k", SecretString(pem), SecretString("correct horse")).ok());

  auto none = OciRequestSigner::Create("k", SecretString(pem));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().field(), "passphrase");
  EXPECT_NE(none.status().message().find("no passphrase"), std::string::npos);

  auto wrong = OciRequestSigner::Create("k", SecretString(pem), SecretString("wrong"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("does not decrypt"), std::string::npos);

  std::string broken = "-----BEGIN PRIVATE KEY-----\n" + testing::PemBody(testing::Pkcs8Pem(key)).substr(0, 60) +
                       "\n-----END PRIVATE KEY-----\n";
  auto bad = OciRequestSigner::Create("k", SecretString(broken));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "private_key");
  EXPECT_EQ(bad.status().ToString().find(testing::PemBody(broken).substr(0, 20)), std::string::npos);

  auto ec = OciRequestSigner::Create("k", SecretString(testing::Pkcs8Pem(testing::EcKey())));
  ASSERT_FALSE(ec.ok());
  EXPECT_NE(ec.status().message().find("not an RSA key"), std::string::npos);
}

TEST(OciSignerTest, HttpDateRoundTripsAndRejectsOtherForms) {
  auto t = ParseHttpDate("Tue, 15 Nov 1994 08:12:31 GMT");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatHttpDate(*t), "Tue, 15 Nov 1994 08:12:31 GMT");
  EXPECT_FALSE(ParseHttpDate("1994-11-15T08:12:31Z"));
  EXPECT_FALSE(ParseHttpDate("Tue, 15 Nov 1994 08:12:31 PST"));
  EXPECT_FALSE(ParseHttpDate("Tue, 15 Foo 1994 08:12:31 GMT"));
}

}  // namespace
}  // namespace focusd
