// SigV4 against AWS's published vectors: the "aws-sig-v4-test-suite" (service "service",
// us-east-1, 20150830T123600Z, AKIDEXAMPLE) and the worked S3 examples of the S3 API reference
// ("Signature Calculations for the Authorization Header", examplebucket, 20130524T000000Z).
#include "auth/sigv4_signer.h"

#include <gtest/gtest.h>

namespace focusd {
namespace {

constexpr const char* kEmptySha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TimePoint At(const std::string& iso) { return *ParseIso8601(iso); }

AwsCredentials SuiteCredentials() {
  AwsCredentials c;
  c.access_key_id = "AKIDEXAMPLE";
  c.secret_access_key = SecretString("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  return c;
}

std::string SignSuite(const SigV4Request& r, const AwsCredentials& c = SuiteCredentials()) {
  return SignV4(r, c, SigV4Scope{"us-east-1", "service", false}, At("2015-08-30T12:36:00Z")).authorization;
}

SigV4Request SuiteGet(const std::string& path, std::vector<std::pair<std::string, std::string>> query = {}) {
  SigV4Request r;
  r.method = "GET";
  r.host = "example.amazonaws.com";
  r.path = path;
  r.query = std::move(query);
  r.payload_sha256 = kEmptySha;
  return r;
}

std::string SuiteAuth(const std::string& signed_headers, const std::string& sig) {
  return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=" +
         signed_headers + ", Signature=" + sig;
}

TEST(SigV4SuiteTest, GetVanilla) {
  EXPECT_EQ(SignSuite(SuiteGet("/")),
            SuiteAuth("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
}

TEST(SigV4SuiteTest, GetVanillaQueryOrderKeyCase) {
  EXPECT_EQ(SignSuite(SuiteGet("/", {{"Param2", "value2"}, {"Param1", "value1"}})),
            SuiteAuth("host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
}

TEST(SigV4SuiteTest, GetVanillaQueryUnreserved) {
  const std::string all = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  EXPECT_EQ(SignSuite(SuiteGet("/", {{all, all}})),
            SuiteAuth("host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"));
}

TEST(SigV4SuiteTest, GetVanillaUtf8Query) {
  EXPECT_EQ(SignSuite(SuiteGet("/", {{"\xE1\x88\xB4", "bar"}})),
            SuiteAuth("host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"));
}

TEST(SigV4SuiteTest, GetUtf8) {
  SigV4Request r = SuiteGet("/\xE1\x88\xB4");
  auto result = SignV4(r, SuiteCredentials(), {"us-east-1", "service", false}, At("2015-08-30T12:36:00Z"));
  EXPECT_EQ(result.canonical_request.substr(0, 15), "GET\n/%E1%88%B4\n");
  EXPECT_EQ(result.authorization,
            SuiteAuth("host;x-amz-date", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"));
}

TEST(SigV4SuiteTest, GetSpace) {
  EXPECT_EQ(SignSuite(SuiteGet("/example space/")),
            SuiteAuth("host;x-amz-date", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"));
}

TEST(SigV4SuiteTest, PostVanilla) {
  SigV4Request r = SuiteGet("/");
  r.method = "POST";
  EXPECT_EQ(SignSuite(r),
            SuiteAuth("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"));
}

TEST(SigV4SuiteTest, PostXWwwFormUrlencoded) {
  SigV4Request r = SuiteGet("/");
  r.method = "POST";
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  r.payload_sha256 = sigv4::Sha256Hex("Param1=value1");
  auto result = SignV4(r, SuiteCredentials(), {"us-east-1", "service", false}, At("2015-08-30T12:36:00Z"));
  EXPECT_EQ(result.canonical_request,
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
            "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
  EXPECT_EQ(result.authorization, SuiteAuth("content-type;host;x-amz-date",
                                            "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"));
}

TEST(SigV4SuiteTest, PostStsHeaderBefore) {
  AwsCredentials c = SuiteCredentials();
  c.session_token = SecretString(
      "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8Y"
      "UuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8"
      "YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICC"
      "R/oLxBA==");
  SigV4Request r = SuiteGet("/");
  r.method = "POST";
  EXPECT_EQ(SignSuite(r, c), SuiteAuth("host;x-amz-date;x-amz-security-token",
                                       "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"));
}

// S3 API reference worked examples: S3 signs x-amz-content-sha256 and uses single encoding.
AwsCredentials S3ExampleCredentials() {
  AwsCredentials c;
  c.access_key_id = "AKIAIOSFODNN7EXAMPLE";
  c.secret_access_key = SecretString("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  return c;
}

std::string S3Sig(const std::string& authorization) {
  return authorization.substr(authorization.find("Signature=") + 10);
}

TEST(SigV4S3ExampleTest, GetObjectWithRange) {
  SigV4Request r;
  r.host = "examplebucket.s3.amazonaws.com";
  r.path = "/test.txt";
  r.headers = {{"Range", "bytes=0-9"}};
  r.payload_sha256 = kEmptySha;
  auto result = SignV4(r, S3ExampleCredentials(), {"us-east-1", "s3", true}, At("2013-05-24T00:00:00Z"));
  EXPECT_NE(result.authorization.find("SignedHeaders=host;range;x-amz-content-sha256;x-amz-date"),
            std::string::npos);
  EXPECT_EQ(S3Sig(result.authorization), "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4S3ExampleTest, ListObjects) {
  SigV4Request r;
  r.host = "examplebucket.s3.amazonaws.com";
  r.path = "/";
  r.query = {{"max-keys", "2"}, {"prefix", "J"}};
  r.payload_sha256 = kEmptySha;
  auto result = SignV4(r, S3ExampleCredentials(), {"us-east-1", "s3", true}, At("2013-05-24T00:00:00Z"));
  EXPECT_EQ(S3Sig(result.authorization), "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4S3ExampleTest, GetBucketLifecycleEmptyQueryValue) {
  SigV4Request r;
  r.host = "examplebucket.s3.amazonaws.com";
  r.path = "/";
  r.query = {{"lifecycle", ""}};
  r.payload_sha256 = kEmptySha;
  auto result = SignV4(r, S3ExampleCredentials(), {"us-east-1", "s3", true}, At("2013-05-24T00:00:00Z"));
  EXPECT_EQ(S3Sig(result.authorization), "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4EncodingTest, S3KeysAreEncodedOnceWithSlashesKept) {
  EXPECT_EQ(sigv4::UriEncode("/data/BILLING_PERIOD=2024-01/a b+c\xC3\xA9.parquet", true),
            "/data/BILLING_PERIOD%3D2024-01/a%20b%2Bc%C3%A9.parquet");
  EXPECT_EQ(sigv4::UriEncode("a/b", false), "a%2Fb");
  EXPECT_EQ(sigv4::UriDecode("a%20b+c%2B", true), "a b c+");
}

TEST(SigV4EncodingTest, QueryIsSortedByEncodedName) {
  EXPECT_EQ(sigv4::CanonicalQueryString({{"prefix", "a b"}, {"list-type", "2"}, {"continuation-token", "x/y="}}),
            "continuation-token=x%2Fy%3D&list-type=2&prefix=a%20b");
}

TEST(SigV4RequestTest, BuiltUrlMatchesTheSignedPathAndSecretsStayOutOfTheUrl) {
  AwsCredentials c = S3ExampleCredentials();
  c.session_token = SecretString("TOKEN-VALUE");
  HttpRequest req = BuildSignedRequest("http://127.0.0.1:9000", "GET", "/bucket/a b", {{"list-type", "2"}}, {}, "",
                                       c, {"us-east-1", "s3", true}, At("2013-05-24T00:00:00Z"));
  EXPECT_EQ(req.url, "http://127.0.0.1:9000/bucket/a%20b?list-type=2");
  bool host_seen = false;
  for (const auto& [k, v] : req.headers) {
    if (k == "Host") {
      host_seen = true;
      EXPECT_EQ(v, "127.0.0.1:9000");
    }
    if (k == "Authorization") {
      EXPECT_EQ(v.find("wJalr"), std::string::npos);
    }
  }
  EXPECT_TRUE(host_seen);
  EXPECT_EQ(req.url.find("TOKEN"), std::string::npos);
}

}  // namespace
}  // namespace focusd
