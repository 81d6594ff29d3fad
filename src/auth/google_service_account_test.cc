#include "auth/google_service_account.h"

#include <gtest/gtest.h>

#include "support/fake_clock.h"
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "auth/base64url.h"
#include "auth/google_api_call.h"
#include "support/gcp_fake_cloud.h"

namespace focusd {
namespace {

using json = nlohmann::json;
using testing::GcpFakeCloud;

using testing::FakeClock;

RetryPolicy NoSleep() {
  RetryPolicy p;
  p.sleep = [](std::chrono::milliseconds) {};
  return p;
}

TEST(ServiceAccountKeyTest, ParsesAKeyFile) {
  GcpFakeCloud cloud;
  auto key = ServiceAccountKey::FromSecretValue(json{{"key_json", cloud.KeyJson()}});
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->client_email, "focusd@billing-proj.iam.gserviceaccount.com");
  EXPECT_EQ(key->token_uri, cloud.token.token_uri());
  EXPECT_EQ(key->private_key_id, "0123456789abcdef");
  EXPECT_EQ(key->project_id, "billing-proj");
}

TEST(ServiceAccountKeyTest, ErrorsNameTheMemberAndNeverQuoteTheKey) {
  std::string pem = testing::Pkcs8Pem(testing::RsaKey());
  json doc = {{"type", "service_account"}, {"private_key", pem}, {"token_uri", "https://oauth2.googleapis.com/token"}};
  auto r = ServiceAccountKey::Parse(doc.dump());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "key_json");
  EXPECT_NE(r.status().message().find("client_email"), std::string::npos);

  // Broken JSON right after the key: the parser's message would quote it.
  std::string broken = doc.dump();
  broken.pop_back();
  auto b = ServiceAccountKey::Parse(broken + ",");
  ASSERT_FALSE(b.ok());
  std::string body = testing::PemBody(pem);
  EXPECT_EQ(b.status().message().find(body.substr(0, 40)), std::string::npos);

  auto wrong_type = ServiceAccountKey::Parse(R"({"type": "authorized_user"})");
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_NE(wrong_type.status().message().find("service_account"), std::string::npos);
  EXPECT_FALSE(ServiceAccountKey::FromSecretValue(json{{"tenant_id", "x"}}).ok());
}

TEST(ServiceAccountJwtTest, IsAnRs256JwtWithTheGrantClaims) {
  GcpFakeCloud cloud;
  auto key = ServiceAccountKey::Parse(cloud.KeyJson()).value();
  TimePoint now = Clock::from_time_t(1767225600);  // 2026-01-01T00:00:00Z
  auto jwt = SignServiceAccountJwt(key, {kBigQueryScope, kStorageReadWriteScope}, "https://aud.example/token", now);
  ASSERT_TRUE(jwt.ok()) << jwt.status().ToString();
  const std::string& text = jwt->Reveal();
  size_t d1 = text.find('.'), d2 = text.rfind('.');
  json header = json::parse(Base64UrlDecode(text.substr(0, d1)).value());
  json claims = json::parse(Base64UrlDecode(text.substr(d1 + 1, d2 - d1 - 1)).value());
  EXPECT_EQ(header["alg"], "RS256");
  EXPECT_EQ(header["typ"], "JWT");
  EXPECT_EQ(header["kid"], "0123456789abcdef");
  EXPECT_EQ(claims["iss"], key.client_email);
  EXPECT_EQ(claims["aud"], "https://aud.example/token");
  EXPECT_EQ(claims["scope"], std::string(kBigQueryScope) + " " + kStorageReadWriteScope);
  EXPECT_EQ(claims["iat"], 1767225600);
  EXPECT_EQ(claims["exp"], 1767225600 + 3600);

  // The signature verifies with the public half of the key.
  std::string sig = Base64UrlDecode(text.substr(d2 + 1)).value();
  std::string input = text.substr(0, d2);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  ASSERT_EQ(EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, testing::RsaKey().get()), 1);
  EXPECT_EQ(EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                             reinterpret_cast<const unsigned char*>(input.data()), input.size()),
            1);
}

TEST(ServiceAccountJwtTest, RefusesANonRsaKey) {
  json doc = {{"type", "service_account"},
              {"private_key", testing::Pkcs8Pem(testing::EcKey())},
              {"client_email", "a@b.iam.gserviceaccount.com"},
              {"token_uri", "https://oauth2.googleapis.com/token"}};
  auto key = ServiceAccountKey::Parse(doc.dump()).value();
  auto jwt = SignServiceAccountJwt(key, {kBigQueryScope}, "aud", Clock::now());
  ASSERT_FALSE(jwt.ok());
  EXPECT_NE(jwt.status().message().find("not an RSA key"), std::string::npos);
}

TEST(GoogleTokenSourceTest, FetchesCachesAndRefreshesBeforeExpiry) {
  GcpFakeCloud cloud;
  FakeClock clock;
  GoogleTokenSource tokens(ServiceAccountKey::Parse(cloud.KeyJson()).value(), {kBigQueryScope}, clock, NoSleep());
  auto first = tokens.Token();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->Reveal().rfind("ya29.test-", 0), 0u);
  auto again = tokens.Token();
  EXPECT_EQ(again->Reveal(), first->Reveal());
  EXPECT_EQ(cloud.token.tokens_issued(), 1);

  // 56 minutes later the token has less than the refresh margin left: a new one is fetched.
  clock.now += std::chrono::minutes(56);
  cloud.token.SetNow(clock.now);
  auto refreshed = tokens.Token();
  ASSERT_TRUE(refreshed.ok()) << refreshed.status().ToString();
  EXPECT_NE(refreshed->Reveal(), first->Reveal());
  EXPECT_EQ(cloud.token.tokens_issued(), 2);
}

TEST(GoogleTokenSourceTest, AKeyTheAccountDoesNotHaveIsRefused) {
  GcpFakeCloud cloud;
  std::string key_json =
      cloud.KeyJson("other@billing-proj.iam.gserviceaccount.com", testing::OtherRsaKey(), testing::RsaKey());
  GoogleTokenSource tokens(ServiceAccountKey::Parse(key_json).value(), {kBigQueryScope}, TimeSource::System(),
                           NoSleep());
  auto r = tokens.Token();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(r.status().message().find("invalid_grant: Invalid JWT Signature."), std::string::npos);
  EXPECT_NE(r.status().message().find("other@billing-proj.iam.gserviceaccount.com"), std::string::npos);
  std::string body = testing::PemBody(testing::Pkcs8Pem(testing::OtherRsaKey()));
  EXPECT_EQ(r.status().message().find(body.substr(0, 40)), std::string::npos);
  EXPECT_EQ(cloud.token.tokens_issued(), 0);
}

TEST(GoogleTokenSourceTest, AnAssertionOutsideItsTimeWindowIsRefused) {
  GcpFakeCloud cloud;
  FakeClock skewed;  // this machine's clock is two hours behind: the JWT has already expired
  skewed.now = Clock::now() - std::chrono::hours(2);
  GoogleTokenSource tokens(ServiceAccountKey::Parse(cloud.KeyJson()).value(), {kBigQueryScope}, skewed, NoSleep());
  auto r = tokens.Token();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(r.status().message().find("iat and exp"), std::string::npos);
}

TEST(GoogleTokenSourceTest, TheAudienceIsTheTokenUriUsed) {
  GcpFakeCloud cloud;
  // Sent to the right endpoint but claiming another audience: refused.
  auto key = ServiceAccountKey::Parse(cloud.KeyJson()).value();
  auto jwt = SignServiceAccountJwt(key, {kBigQueryScope}, "https://oauth2.googleapis.com/token", Clock::now());
  HttpRequest req;
  req.method = "POST";
  req.url = cloud.token.token_uri();
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  req.body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" + jwt->Reveal();
  auto resp = HttpClient::Send(req);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->status, 400);
  EXPECT_NE(resp->body.find("audience"), std::string::npos);
}

TEST(GoogleApiCallTest, A401FetchesAFreshTokenOnce) {
  GcpFakeCloud cloud;
  cloud.bigquery.AddDataset("billing-proj", "billing", "US");
  GoogleTokenSource tokens(ServiceAccountKey::Parse(cloud.KeyJson()).value(), {kBigQueryScope},
                           TimeSource::System(), NoSleep());
  std::string url = cloud.bigquery.endpoint() + "/bigquery/v2/projects/billing-proj/datasets/billing";
  auto build = [&] {
    HttpRequest r;
    r.url = url;
    return r;
  };
  ASSERT_EQ(SendGoogleApi(tokens, build, NoSleep())->status, 200);
  cloud.token.ExpireAllTokens();  // the cached token is no longer accepted
  auto resp = SendGoogleApi(tokens, build, NoSleep());
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->status, 200);
  EXPECT_EQ(cloud.token.tokens_issued(), 2);
}

TEST(GoogleApiCallTest, ErrorDocumentsBecomeStatuses) {
  HttpResponse r;
  r.status = 403;
  r.body = R"({"error":{"code":403,"message":"Access Denied: Dataset p:d","status":"PERMISSION_DENIED"}})";
  Status st = GoogleApiError(r, "reading dataset p:d");
  EXPECT_EQ(st.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(st.message(), "reading dataset p:d: HTTP 403: Access Denied: Dataset p:d");
  r.status = 503;
  r.body = "upstream unavailable";
  EXPECT_EQ(GoogleApiError(r, "x").code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace focusd
