// S3ObjectStore against moto (listing, keys that need encoding, region discovery, download)
// and, through a fault-injecting proxy in front of moto, against the faults S3 produces.
#include "storage/s3_object_store.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/moto_server.h"
#include "support/s3_fault_proxy.h"

namespace focusd {
namespace {

using testing::MotoServer;
using testing::S3FaultProxy;

std::string Bytes(size_t n, int seed) {
  std::string s(n, '\0');
  uint32_t x = 2463534242u + static_cast<uint32_t>(seed);
  for (auto& c : s) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x & 0xff);
  }
  return s;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class StaticCredentials : public AwsCredentialsProvider {
 public:
  explicit StaticCredentials(std::string key_id) : key_id_(std::move(key_id)) {}
  Result<AwsCredentials> Get() override {
    AwsCredentials c;
    c.access_key_id = invalidated_ ? "fresh-key" : key_id_;
    c.secret_access_key = SecretString("secret-value-never-shown");
    c.source = "test";
    return c;
  }
  void Invalidate() override { ++invalidated_; }
  int invalidated_ = 0;

 private:
  std::string key_id_;
};

class S3ObjectStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = new MotoServer(); }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(moto_->running());
    ASSERT_TRUE(moto_->Reset().ok());
  }
  std::unique_ptr<S3ObjectStore> Store(const std::string& bucket, const std::string& endpoint = "",
                                       std::shared_ptr<AwsCredentialsProvider> creds = nullptr) {
    S3StoreOptions o;
    o.bucket = bucket;
    o.region = "us-east-1";
    o.env = moto_->Env(endpoint.empty() ? std::vector<std::pair<std::string, std::string>>{}
                                        : std::vector<std::pair<std::string, std::string>>{
                                              {"AWS_ENDPOINT_URL_S3", endpoint}});
    o.retry.sleep = [this](std::chrono::milliseconds d) { sleeps_.push_back(d); };
    o.max_keys = 2;  // several pages even for a handful of objects
    if (!creds) creds = std::make_shared<StaticCredentials>("test-key");
    return std::make_unique<S3ObjectStore>(o, creds);
  }
  static MotoServer* moto_;
  std::vector<std::chrono::milliseconds> sleeps_;
};
MotoServer* S3ObjectStoreTest::moto_ = nullptr;

TEST_F(S3ObjectStoreTest, ListsEveryPageWithKeysThatNeedEncoding) {
  ASSERT_TRUE(moto_->CreateBucket("billing").ok());
  std::vector<std::string> keys = {
      "exp/data/BILLING_PERIOD=2024-01/part 1.parquet", "exp/data/BILLING_PERIOD=2024-01/a+b.parquet",
      "exp/data/BILLING_PERIOD=2024-01/caf\xC3\xA9-\xE6\x97\xA5\xE6\x9C\xAC.parquet",
      "exp/data/BILLING_PERIOD=2024-02/x=y&z.parquet", "exp/other.txt"};
  for (size_t i = 0; i < keys.size(); ++i) ASSERT_TRUE(moto_->PutObject("billing", keys[i], Bytes(10 + i, i)).ok());
  ASSERT_TRUE(moto_->PutObject("billing", "elsewhere/file", "x").ok());

  auto store = Store("billing");
  auto listed = store->List("exp/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  std::vector<std::string> got;
  for (const auto& o : *listed) got.push_back(o.key);
  std::vector<std::string> want = keys;
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
  for (const auto& o : *listed) {
    EXPECT_FALSE(o.etag.empty());
    EXPECT_EQ(o.etag.find('"'), std::string::npos);
    EXPECT_FALSE(o.last_modified.empty());
  }
}

TEST_F(S3ObjectStoreTest, DownloadsKeysWithSpecialCharactersByteForByte) {
  ASSERT_TRUE(moto_->CreateBucket("billing").ok());
  const std::string key = "exp/data/BILLING_PERIOD=2024-01/a b+c\xC3\xA9.csv.gz";
  const std::string body = Bytes(300000, 7);
  ASSERT_TRUE(moto_->PutObject("billing", key, body).ok());
  auto store = Store("billing");
  auto info = store->Stat(key);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->size, static_cast<int64_t>(body.size()));
  const std::string path = ::testing::TempDir() + "/s3_special.bin";
  Status st = store->Download(*info, path);
  ASSERT_TRUE(st.ok()) << st.ToString();
  { std::string got = ReadFile(path); EXPECT_EQ(got.size(), body.size()); EXPECT_TRUE(got == body) << "downloaded bytes differ"; }
}

TEST_F(S3ObjectStoreTest, LearnsTheBucketRegion) {
  ASSERT_TRUE(moto_->CreateBucket("eu-bucket", "eu-west-1").ok());
  auto store = Store("eu-bucket");
  ASSERT_TRUE(store->CheckBucket().ok());
  EXPECT_EQ(store->region(), "eu-west-1");
}

TEST_F(S3ObjectStoreTest, FollowsA301ToTheBucketsRegion) {
  ASSERT_TRUE(moto_->CreateBucket("billing").ok());
  ASSERT_TRUE(moto_->PutObject("billing", "exp/a.parquet", "abc").ok());
  S3FaultProxy proxy(moto_->url());
  proxy.bucket_region = "ap-southeast-2";  // signing for us-east-1 earns a 301
  auto store = Store("billing", proxy.url());
  auto listed = store->List("exp/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(listed->size(), 1u);
  EXPECT_EQ(store->region(), "ap-southeast-2");
}

TEST_F(S3ObjectStoreTest, MissingBucketIsNotFoundNamingIt) {
  auto store = Store("no-such-bucket");
  Status st = store->CheckBucket();
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  EXPECT_NE(st.message().find("no-such-bucket"), std::string::npos);
  auto listed = store->List("");
  EXPECT_EQ(listed.status().code(), StatusCode::kNotFound);
}

TEST_F(S3ObjectStoreTest, RetriesSlowDownWithBackoff) {
  ASSERT_TRUE(moto_->CreateBucket("billing").ok());
  ASSERT_TRUE(moto_->PutObject("billing", "exp/a.parquet", "abc").ok());
  S3FaultProxy proxy(moto_->url());
  auto store = Store("billing", proxy.url());
  ASSERT_TRUE(store->CheckBucket().ok());
  proxy.slow_down_next = 3;
  auto listed = store->List("exp/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(sleeps_.size(), 3u);  // three backoffs, then the answer
}

TEST_F(S3ObjectStoreTest, ResumesADownloadAfterTheConnectionDrops) {
  ASSERT_TRUE(moto_->CreateBucket("billing").ok());
  const std::string body = Bytes(500000, 3);
  ASSERT_TRUE(moto_->PutObject("billing", "exp/big file.parquet", body).ok());
  S3FaultProxy proxy(moto_->url());
  auto store = Store("billing", proxy.url());
  auto listed = store->List("exp/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  proxy.break_next_object_get = 1;
  const std::string path = ::testing::TempDir() + "/s3_resumed.bin";
  Status st = store->Download(listed->front(), path);
  ASSERT_TRUE(st.ok()) << st.ToString();
  { std::string got = ReadFile(path); EXPECT_EQ(got.size(), body.size()); EXPECT_TRUE(got == body) << "downloaded bytes differ"; }
  auto ranges = proxy.ranges_seen();
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0], "bytes=" + std::to_string(body.size() / 2) + "-");
}

TEST_F(S3ObjectStoreTest, RenewsExpiredCredentialsAndCarriesOn) {
  ASSERT_TRUE(moto_->CreateBucket("billing").ok());
  const std::string body = Bytes(1000, 5);
  ASSERT_TRUE(moto_->PutObject("billing", "exp/a.parquet", body).ok());
  S3FaultProxy proxy(moto_->url());
  proxy.expired_access_key = "expired-key";
  auto creds = std::make_shared<StaticCredentials>("expired-key");
  auto store = Store("billing", proxy.url(), creds);
  auto listed = store->List("exp/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(creds->invalidated_, 1);
  const std::string path = ::testing::TempDir() + "/s3_renewed.bin";
  ASSERT_TRUE(store->Download(listed->front(), path).ok());
  { std::string got = ReadFile(path); EXPECT_EQ(got.size(), body.size()); EXPECT_TRUE(got == body) << "downloaded bytes differ"; }
}

TEST_F(S3ObjectStoreTest, AccessDeniedStopsWithAClearStatusAndNoSecret) {
  ASSERT_TRUE(moto_->CreateBucket("billing").ok());
  S3FaultProxy proxy(moto_->url());
  proxy.deny_all = true;
  auto store = Store("billing", proxy.url());
  auto listed = store->List("exp/");
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(listed.status().message().find("s3://billing"), std::string::npos);
  EXPECT_EQ(listed.status().message().find("secret-value-never-shown"), std::string::npos);
  EXPECT_TRUE(sleeps_.empty());  // 403 is not retried
}

TEST_F(S3ObjectStoreTest, AnObjectReplacedMidDownloadIsRefused) {
  ASSERT_TRUE(moto_->CreateBucket("billing").ok());
  ASSERT_TRUE(moto_->PutObject("billing", "exp/a.parquet", Bytes(2000, 1)).ok());
  auto store = Store("billing");
  auto listed = store->List("exp/");
  ASSERT_TRUE(listed.ok());
  ASSERT_TRUE(moto_->PutObject("billing", "exp/a.parquet", Bytes(2000, 2)).ok());  // a new version
  Status st = store->Download(listed->front(), ::testing::TempDir() + "/s3_replaced.bin");
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition) << st.ToString();
}

}  // namespace
}  // namespace focusd
