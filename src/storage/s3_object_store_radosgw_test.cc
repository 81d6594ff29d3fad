// S3ObjectStore and StsClient against Ceph radosgw, which (unlike moto) verifies every SigV4
// signature: the listing and download path with keys that need encoding, temporary
// credentials from radosgw's STS (session token signed), and a wrong secret refused.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "auth/sigv4_signer.h"
#include "auth/sts_client.h"
#include "storage/s3_object_store.h"
#include "support/radosgw_cluster.h"

namespace focusd {
namespace {

using testing::RadosgwCluster;

class FixedCredentials : public AwsCredentialsProvider {
 public:
  explicit FixedCredentials(AwsCredentials c) : c_(std::move(c)) {}
  Result<AwsCredentials> Get() override { return c_; }

 private:
  AwsCredentials c_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::vector<std::string>& Keys() {
  static const std::vector<std::string> keys = {
      "focus/data/BILLING_PERIOD=2024-01/part 1.snappy.parquet",
      "focus/data/BILLING_PERIOD=2024-01/a+b=c.snappy.parquet",
      "focus/data/BILLING_PERIOD=2024-01/caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC.snappy.parquet",
      "focus/metadata/BILLING_PERIOD=2024-01/focus-Manifest.json"};
  return keys;
}

class RadosgwTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!RadosgwCluster::Installed()) return;
    rgw_ = new RadosgwCluster();
    if (!rgw_->running()) return;
    auto r = rgw_->Call("s3", "PUT", "/focus-rgw", "", {{"Content-Type", "application/xml"}});
    ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    for (size_t i = 0; i < Keys().size(); ++i) {
      auto p = rgw_->Call("s3", "PUT", "/focus-rgw/" + Keys()[i], Body(i),
                          {{"Content-Type", "application/octet-stream"}});
      ASSERT_TRUE(p.ok() && p->status == 200) << Keys()[i] << ": " << (p.ok() ? p->body : p.status().ToString());
    }
  }
  static void TearDownTestSuite() {
    delete rgw_;
    rgw_ = nullptr;
  }
  void SetUp() override {
    if (!RadosgwCluster::Installed()) GTEST_SKIP() << "Ceph radosgw is not installed (apt-get install radosgw ceph-mon ceph-osd)";
    ASSERT_TRUE(rgw_ && rgw_->running());
  }
  static std::string Body(size_t i) {
    std::string s;
    for (size_t n = 0; n < 70000 + i * 1000; ++n) s.push_back(static_cast<char>((n * 31 + i * 7) & 0xff));
    return s;
  }
  std::unique_ptr<S3ObjectStore> Store(AwsCredentials creds) {
    S3StoreOptions o;
    o.bucket = "focus-rgw";
    o.region = "us-east-1";
    o.env = FixedEnvironment({{"AWS_ENDPOINT_URL_S3", rgw_->url()}});
    o.retry.sleep = [](std::chrono::milliseconds) {};
    o.max_keys = 2;
    return std::make_unique<S3ObjectStore>(o, std::make_shared<FixedCredentials>(std::move(creds)));
  }
  void ExpectListsAndDownloads(S3ObjectStore& store) {
    auto listed = store.List("focus/");
    ASSERT_TRUE(listed.ok()) << listed.status().ToString();
    std::vector<std::string> got, want = Keys();
    for (const auto& o : *listed) got.push_back(o.key);
    std::sort(want.begin(), want.end());
    EXPECT_EQ(got, want);
    for (const auto& o : *listed) {
      size_t i = std::find(Keys().begin(), Keys().end(), o.key) - Keys().begin();
      const std::string path = ::testing::TempDir() + "/rgw_download.bin";
      Status st = store.Download(o, path);
      ASSERT_TRUE(st.ok()) << o.key << ": " << st.ToString();
      EXPECT_TRUE(ReadFile(path) == Body(i)) << o.key;
    }
  }
  static RadosgwCluster* rgw_;
};
RadosgwCluster* RadosgwTest::rgw_ = nullptr;

TEST_F(RadosgwTest, StrictSigV4ListingAndDownloadWithKeysThatNeedEncoding) {
  auto store = Store(rgw_->UserCredentials());
  ExpectListsAndDownloads(*store);
  auto stat = store->Stat(Keys()[2]);
  ASSERT_TRUE(stat.ok()) << stat.status().ToString();
  EXPECT_EQ(stat->size, static_cast<int64_t>(Body(2).size()));
}

TEST_F(RadosgwTest, AWrongSecretIsRefused) {
  AwsCredentials wrong = rgw_->UserCredentials();
  wrong.secret_access_key = SecretString("not-the-secret-at-all");
  auto store = Store(std::move(wrong));
  auto listed = store->List("focus/");
  ASSERT_FALSE(listed.ok());
  // AWS answers SignatureDoesNotMatch (kUnauthenticated); radosgw 16 answers 403 AccessDenied.
  EXPECT_TRUE(listed.status().code() == StatusCode::kUnauthenticated ||
              listed.status().code() == StatusCode::kPermissionDenied)
      << listed.status().ToString();
  EXPECT_NE(listed.status().message().find("s3://focus-rgw"), std::string::npos);
  EXPECT_EQ(listed.status().message().find("not-the-secret-at-all"), std::string::npos);
}

TEST_F(RadosgwTest, AssumedRoleCredentialsWorkForListingAndDownload) {
  const std::string trust =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam:::user/focusd"]},)"
      R"("Action":["sts:AssumeRole"]}]})";
  const std::string policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::*"]}]})";
  const sigv4::HeaderList form = {{"Content-Type", "application/x-www-form-urlencoded"}};
  auto role = rgw_->Call("iam", "POST", "/",
                         "Action=CreateRole&RoleName=focusd-billing-reader&Path=%2F&AssumeRolePolicyDocument=" +
                             sigv4::UriEncode(trust, false),
                         form);
  ASSERT_TRUE(role.ok() && (role->status == 200 || role->status == 409)) << (role.ok() ? role->body : "");
  auto put = rgw_->Call("iam", "POST", "/",
                        "Action=PutRolePolicy&RoleName=focusd-billing-reader&PolicyName=read&PolicyDocument=" +
                            sigv4::UriEncode(policy, false),
                        form);
  ASSERT_TRUE(put.ok() && put->status == 200) << (put.ok() ? put->body : "");

  auto identity = std::make_shared<FixedCredentials>(rgw_->UserCredentials());
  StsClient sts(AwsEndpoint{rgw_->url(), true}, "us-east-1", identity, TimeSource::System());
  auto creds = sts.AssumeRole({"arn:aws:iam:::role/focusd-billing-reader", "focusd-ext", "focusd-test", 3600});
  ASSERT_TRUE(creds.ok()) << creds.status().ToString();
  EXPECT_FALSE(creds->session_token.empty());
  auto store = Store(*creds);
  ExpectListsAndDownloads(*store);

  // The same temporary key with a tampered session token is refused.
  AwsCredentials tampered = *creds;
  tampered.session_token = SecretString(creds->session_token.Reveal() + "x");
  auto refused = Store(std::move(tampered))->List("focus/");
  EXPECT_FALSE(refused.ok());
}

TEST_F(RadosgwTest, ARoleWhoseTrustPolicyNamesSomeoneElseIsNotAssumable) {
  const std::string trust =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam:::user/someone-else"]},)"
      R"("Action":["sts:AssumeRole"]}]})";
  auto role = rgw_->Call("iam", "POST", "/",
                         "Action=CreateRole&RoleName=not-for-focusd&Path=%2F&AssumeRolePolicyDocument=" +
                             sigv4::UriEncode(trust, false),
                         {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_TRUE(role.ok() && (role->status == 200 || role->status == 409)) << (role.ok() ? role->body : "");
  StsClient sts(AwsEndpoint{rgw_->url(), true}, "us-east-1",
                std::make_shared<FixedCredentials>(rgw_->UserCredentials()), TimeSource::System());
  auto creds = sts.AssumeRole({"arn:aws:iam:::role/not-for-focusd", "focusd-ext", "focusd-test", 3600});
  ASSERT_FALSE(creds.ok());
  EXPECT_EQ(creds.status().code(), StatusCode::kPermissionDenied) << creds.status().ToString();
  EXPECT_NE(creds.status().message().find("arn:aws:iam:::role/not-for-focusd"), std::string::npos);
  EXPECT_EQ(creds.status().message().find(RadosgwCluster::kSecret), std::string::npos);
}

}  // namespace
}  // namespace focusd
