#include "auth/sts_client.h"

#include <gtest/gtest.h>

#include "support/moto_server.h"

namespace focusd {
namespace {

TEST(StsClientTest, AssumesARoleWithMotoAndReturnsTemporaryCredentials) {
  testing::MotoServer moto;
  ASSERT_TRUE(moto.running());
  auto env = moto.Env();
  auto identity = std::make_shared<EnvironmentCredentialsProvider>(env);
  auto sts = std::make_shared<StsClient>(ResolveAwsEndpoint("sts", "eu-west-1", env), "eu-west-1", identity,
                                         TimeSource::System());
  AssumeRoleRequest req{AwsRoleArn("111122223333", "focusd-billing-reader"), "focusd-ext", "focusd-test", 900};
  auto creds = sts->AssumeRole(req);
  ASSERT_TRUE(creds.ok()) << creds.status().ToString();
  EXPECT_FALSE(creds->access_key_id.empty());
  EXPECT_NE(creds->access_key_id, "focusd-test-key");
  EXPECT_FALSE(creds->secret_access_key.empty());
  EXPECT_FALSE(creds->session_token.empty());
  ASSERT_TRUE(creds->expiration.has_value());
  EXPECT_GT(*creds->expiration, Clock::now());
  EXPECT_EQ(creds->source, "assumed role arn:aws:iam::111122223333:role/focusd-billing-reader");
}

TEST(StsClientTest, UnreachableStsIsUnavailable) {
  auto env = FixedEnvironment({{"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9"},
                               {"AWS_ACCESS_KEY_ID", "k"}, {"AWS_SECRET_ACCESS_KEY", "s"}});
  RetryPolicy fast;
  fast.max_attempts = 2;
  fast.sleep = [](std::chrono::milliseconds) {};
  StsClient sts(ResolveAwsEndpoint("sts", "us-east-1", env), "us-east-1",
                std::make_shared<EnvironmentCredentialsProvider>(env), TimeSource::System(), fast);
  auto r = sts.AssumeRole({AwsRoleArn("111122223333", "r"), "x"});
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("arn:aws:iam::111122223333:role/r"), std::string::npos);
}

TEST(StsClientTest, ParsesBothErrorDocumentShapes) {
  auto q = ParseAwsError("<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>");
  EXPECT_EQ(q.code, "AccessDenied");
  auto s3 = ParseAwsError("<Error><Code>PermanentRedirect</Code><Message>m</Message><Region>eu-west-1</Region></Error>");
  EXPECT_EQ(s3.region, "eu-west-1");
  EXPECT_EQ(ParseAwsError("").code, "");
}

}  // namespace
}  // namespace focusd
