#include "auth/aws_credentials.h"

#include <gtest/gtest.h>

#include "support/fake_clock.h"
#include <httplib.h>

#include <fstream>
#include <thread>

#include "auth/aws_endpoints.h"

namespace focusd {
namespace {

std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(EnvironmentCredentialsTest, ReadsKeysAndSessionToken) {
  EnvironmentCredentialsProvider p(FixedEnvironment(
      {{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", "s3cr3t"}, {"AWS_SESSION_TOKEN", "tok"}}));
  auto c = p.Get();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKIDENV");
  EXPECT_EQ(c->secret_access_key.Reveal(), "s3cr3t");
  EXPECT_EQ(c->session_token.Reveal(), "tok");
  EXPECT_EQ(EnvironmentCredentialsProvider(FixedEnvironment({})).Get().status().code(), StatusCode::kNotFound);
}

TEST(ProfileCredentialsTest, ReadsTheChosenProfileFromCredentialsThenConfig) {
  std::string creds = WriteFile("aws_credentials", R"([default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = default-secret

[work]
aws_access_key_id=AKIDWORK
aws_secret_access_key=work-secret
aws_session_token = work-token
)");
  std::string config = WriteFile("aws_config", R"([default]
region = eu-central-1
[profile other]
aws_access_key_id = AKIDOTHER
aws_secret_access_key = other-secret
region = ap-south-1
)");
  auto env = [&](const std::string& profile) {
    return FixedEnvironment({{"AWS_SHARED_CREDENTIALS_FILE", creds}, {"AWS_CONFIG_FILE", config},
                             {"AWS_PROFILE", profile}});
  };
  auto d = ProfileCredentialsProvider(env("")).Get();
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->access_key_id, "AKIDDEFAULT");
  auto w = ProfileCredentialsProvider(env("work")).Get();
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->access_key_id, "AKIDWORK");
  EXPECT_EQ(w->session_token.Reveal(), "work-token");
  auto o = ProfileCredentialsProvider(env("other")).Get();
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->secret_access_key.Reveal(), "other-secret");
  EXPECT_EQ(DefaultRegion(env("other")), "ap-south-1");
  EXPECT_EQ(DefaultRegion(env("")), "eu-central-1");
  auto missing = ProfileCredentialsProvider(env("nope")).Get();
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("'nope'"), std::string::npos);
}

// IMDSv2: credentials only with the session token from PUT /latest/api/token.
class FakeImds {
 public:
  FakeImds() {
    server_.Put("/latest/api/token", [](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("X-aws-ec2-metadata-token-ttl-seconds").empty()) {
        res.status = 400;
        return;
      }
      res.set_content("imds-session", "text/plain");
    });
    server_.Get(R"(/latest/meta-data/iam/security-credentials/(.*))",
                [](const httplib::Request& req, httplib::Response& res) {
                  if (req.get_header_value("X-aws-ec2-metadata-token") != "imds-session") {
                    res.status = 401;
                    return;
                  }
                  if (req.matches[1].str().empty()) {
                    res.set_content("focusd-instance-role\n", "text/plain");
                  } else if (req.matches[1].str() == "focusd-instance-role") {
                    res.set_content(R"({"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imds-secret",)"
                                    R"("Token":"imds-token","Expiration":"2030-01-01T00:00:00Z"})",
                                    "application/json");
                  } else {
                    res.status = 404;
                  }
                });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~FakeImds() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST(ImdsCredentialsTest, UsesASessionTokenThenReadsTheRolesCredentials) {
  FakeImds imds;
  ImdsCredentialsProvider p(FixedEnvironment({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}}));
  auto c = p.Get();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIAIMDS");
  EXPECT_EQ(c->session_token.Reveal(), "imds-token");
  ASSERT_TRUE(c->expiration.has_value());
  EXPECT_EQ(FormatIso8601(*c->expiration), "2030-01-01T00:00:00Z");
  EXPECT_EQ(c->source, "instance role focusd-instance-role");
}

TEST(ImdsCredentialsTest, DisabledOrUnreachableMeansNotFound) {
  EXPECT_EQ(ImdsCredentialsProvider(FixedEnvironment({{"AWS_EC2_METADATA_DISABLED", "true"}})).Get().status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(ImdsCredentialsProvider(FixedEnvironment({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9"}}))
                .Get()
                .status()
                .code(),
            StatusCode::kNotFound);
}

TEST(ChainCredentialsTest, FirstProviderWithCredentialsWinsAndNoneIsAClearError) {
  FakeImds imds;
  auto env = FixedEnvironment({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()},
                               {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"},
                               {"AWS_CONFIG_FILE", "/nonexistent"}});
  auto chain = DefaultCredentialsChain(env, TimeSource::System());
  auto c = chain->Get();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIAIMDS");  // no env keys, no profile: the instance role

  auto none = DefaultCredentialsChain(FixedEnvironment({{"AWS_EC2_METADATA_DISABLED", "true"},
                                                        {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"},
                                                        {"AWS_CONFIG_FILE", "/nonexistent"}}),
                                      TimeSource::System())
                  ->Get();
  EXPECT_EQ(none.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(none.status().message().find("AWS_ACCESS_KEY_ID"), std::string::npos);
}

using testing::FakeClock;

class SequenceProvider : public AwsCredentialsProvider {
 public:
  Result<AwsCredentials> Get() override {
    AwsCredentials c;
    c.access_key_id = "KEY" + std::to_string(++calls);
    c.expiration = *ParseIso8601("2026-01-01T01:00:00Z");
    return c;
  }
  int calls = 0;
};

TEST(RefreshingCredentialsTest, CachesUntilFiveMinutesBeforeExpiryOrInvalidate) {
  FakeClock clock{"2026-01-01T00:00:00Z"};
  auto inner = std::make_shared<SequenceProvider>();
  RefreshingCredentialsProvider p(inner, clock);
  EXPECT_EQ(p.Get()->access_key_id, "KEY1");
  clock.now = *ParseIso8601("2026-01-01T00:54:00Z");
  EXPECT_EQ(p.Get()->access_key_id, "KEY1");
  clock.now = *ParseIso8601("2026-01-01T00:56:00Z");
  EXPECT_EQ(p.Get()->access_key_id, "KEY2");
  p.Invalidate();
  EXPECT_EQ(p.Get()->access_key_id, "KEY3");
}

TEST(AwsEndpointsTest, OverridesWinOverRegionalDefaults) {
  auto none = FixedEnvironment({});
  EXPECT_EQ(ResolveAwsEndpoint("sts", "eu-west-1", none).url, "https://sts.eu-west-1.amazonaws.com");
  EXPECT_FALSE(ResolveAwsEndpoint("s3", "us-east-2", none).custom);
  auto general = FixedEnvironment({{"AWS_ENDPOINT_URL", "http://127.0.0.1:5000/"}});
  EXPECT_EQ(ResolveAwsEndpoint("s3", "us-east-1", general).url, "http://127.0.0.1:5000");
  EXPECT_TRUE(ResolveAwsEndpoint("s3", "us-east-1", general).custom);
  auto specific =
      FixedEnvironment({{"AWS_ENDPOINT_URL", "http://a:1"}, {"AWS_ENDPOINT_URL_STS", "http://b:2"}});
  EXPECT_EQ(ResolveAwsEndpoint("sts", "us-east-1", specific).url, "http://b:2");
  EXPECT_EQ(ResolveAwsEndpoint("s3", "us-east-1", specific).url, "http://a:1");
  EXPECT_EQ(VirtualHostedS3Url("my-bucket", "eu-west-1"), "https://my-bucket.s3.eu-west-1.amazonaws.com");
  EXPECT_TRUE(BucketNeedsPathStyle("my.dotted.bucket"));
}

}  // namespace
}  // namespace focusd
