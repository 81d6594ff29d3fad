#include "auth/entra_token.h"

#include <gtest/gtest.h>

#include "support/fake_clock.h"

#include <algorithm>

#include "support/entra_token_server.h"

namespace focusd {
namespace {

using testing::FakeClock;

class EntraTokenTest : public ::testing::Test {
 protected:
  EntraClientCredentials Good() const {
    const auto& o = server_.options();
    return {o.tenant_id, o.client_id, SecretString(o.client_secret)};
  }
  EntraTokenSource Source(EntraClientCredentials c) {
    RetryPolicy retry;
    retry.sleep = [](std::chrono::milliseconds) {};
    return EntraTokenSource(server_.authority_host(), std::move(c), "https://storage.azure.com/.default", clock_, "",
                            retry);
  }
  testing::EntraTokenServer server_;
  FakeClock clock_;
};

TEST_F(EntraTokenTest, ClientCredentialsGrantYieldsAToken) {
  auto source = Source(Good());
  auto token = source.Token();
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(std::count(token->Reveal().begin(), token->Reveal().end(), '.'), 2);  // a JWT
  EXPECT_EQ(server_.issued(), 1);
}

TEST_F(EntraTokenTest, TokenIsCachedAndRefreshedBeforeExpiry) {
  auto source = Source(Good());
  ASSERT_TRUE(source.Token().ok());
  ASSERT_TRUE(source.Token().ok());
  EXPECT_EQ(source.requests(), 1);
  // 3599 s lifetime, refreshed once fewer than 5 minutes remain.
  clock_.now += std::chrono::seconds(3599) - std::chrono::minutes(6);
  ASSERT_TRUE(source.Token().ok());
  EXPECT_EQ(source.requests(), 1);
  clock_.now += std::chrono::minutes(2);
  ASSERT_TRUE(source.Token().ok());
  EXPECT_EQ(source.requests(), 2);
}

TEST_F(EntraTokenTest, WrongSecretIsRefusedWithEntrasCodeAndNoSecretInTheMessage) {
  auto c = Good();
  c.client_secret = SecretString("Wrong~secret.value.that.must.not.leak");
  auto source = Source(std::move(c));
  auto token = source.Token();
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(token.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(token.status().message().find("AADSTS7000215"), std::string::npos) << token.status().message();
  EXPECT_NE(token.status().message().find("client secret"), std::string::npos);
  EXPECT_EQ(token.status().message().find("Wrong~secret"), std::string::npos);
  EXPECT_EQ(token.status().message().find("Trace ID"), std::string::npos);
  EXPECT_EQ(server_.refused(), 1);  // a refusal is not retried
}

TEST_F(EntraTokenTest, UnknownTenantAndClientAreNamed) {
  auto bad_tenant = Good();
  bad_tenant.tenant_id = "00000000-0000-0000-0000-000000000001";
  auto t = Source(std::move(bad_tenant)).Token();
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("AADSTS90002"), std::string::npos);
  EXPECT_NE(t.status().message().find("Tenant ID"), std::string::npos);

  auto bad_client = Good();
  bad_client.client_id = "11111111-2222-3333-4444-555555555555";
  auto c = Source(std::move(bad_client)).Token();
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("AADSTS700016"), std::string::npos);
  EXPECT_NE(c.status().message().find("Client ID"), std::string::npos);
}

TEST_F(EntraTokenTest, TenantThatWouldReshapeTheUrlIsRefusedLocally) {
  auto c = Good();
  c.tenant_id = "../common";
  auto t = Source(std::move(c)).Token();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().field(), "tenant_id");
  EXPECT_EQ(server_.issued() + server_.refused(), 0);
}

TEST_F(EntraTokenTest, UnreachableAuthorityIsUnavailable) {
  RetryPolicy retry;
  retry.max_attempts = 2;
  retry.sleep = [](std::chrono::milliseconds) {};
  EntraTokenSource source("http://127.0.0.1:1", Good(), "https://storage.azure.com/.default", clock_, "", retry);
  auto t = source.Token();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kUnavailable);
}

TEST(FormUrlEncodeTest, EncodesReservedCharacters) {
  EXPECT_EQ(FormUrlEncode("a b&c=d/e~f"), "a%20b%26c%3Dd%2Fe~f");
  EXPECT_EQ(FormUrlEncode("https://storage.azure.com/.default"), "https%3A%2F%2Fstorage.azure.com%2F.default");
}

}  // namespace
}  // namespace focusd
