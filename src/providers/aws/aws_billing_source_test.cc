// AwsBillingSource end to end against moto: a bucket laid out the way AWS Data Exports
// delivers FOCUS (overwrite mode in Parquet, "create new versions" mode in gzip CSV, two
// billing periods each, with manifests), the customer's role assumed through moto's STS.
// Faults come from a proxy in front of moto and from a fake STS.
#include "providers/aws/aws_billing_source.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "storage/fault_injecting_store.h"
#include "support/moto_server.h"
#include "support/s3_fault_proxy.h"

namespace focusd {
namespace {

using testing::MotoServer;
using testing::S3FaultProxy;

constexpr const char* kBucket = "acme-focus-exports";
constexpr const char* kExternalId = "focusd-0123456789abcdef0123456789abcdef";

std::string Bytes(const std::string& label, size_t n) {
  std::string s = label;
  uint32_t x = 2166136261u;
  for (char c : label) x = (x ^ static_cast<unsigned char>(c)) * 16777619u;
  while (s.size() < n) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s.push_back(static_cast<char>(x & 0xff));
  }
  return s;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Manifest(const std::string& export_name, const std::string& period, const std::string& execution,
                     const std::vector<std::string>& keys) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& k : keys) files.push_back("s3://" + std::string(kBucket) + "/" + k);
  nlohmann::json m = {{"version", "1.0"},
                      {"exportName", export_name},
                      {"exportArn", "arn:aws:bcm-data-exports:us-east-1:111122223333:export/" + export_name},
                      {"executionId", execution},
                      {"billingPeriod", {{"start", period + "-01T00:00:00.000Z"}}},
                      {"dataFiles", files}};
  return m.dump();
}

class FakeClock : public TimeSource {
 public:
  TimePoint Now() const override { return Clock::now() + offset; }
  std::chrono::seconds offset{0};
};

// focusd's own identity from the test environment, counting how often it is asked (one ask
// per AssumeRole call).
class CountingIdentity : public AwsCredentialsProvider {
 public:
  Result<AwsCredentials> Get() override {
    ++calls;
    AwsCredentials c;
    c.access_key_id = "focusd-test-key";
    c.secret_access_key = SecretString("focusd-test-secret");
    c.source = "test identity";
    return c;
  }
  std::atomic<int> calls{0};
};

class AwsBillingSourceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = new MotoServer(); }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(moto_->running());
    ASSERT_TRUE(moto_->Reset().ok());
    ASSERT_TRUE(moto_->CreateBucket(kBucket, "eu-west-1").ok());
    ASSERT_TRUE(moto_->CreateRole("focusd-billing-reader",
                                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                                  R"("Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole",)"
                                  R"("Condition":{"StringEquals":{"sts:ExternalId":")" +
                                      std::string(kExternalId) + R"("}}}]})")
                    .ok());
    // Overwrite mode, Parquet: exports/focus-parquet/{data,metadata}/BILLING_PERIOD=...
    for (const std::string period : {"2024-01", "2024-02"}) {
      std::vector<std::string> keys;
      for (int i = 1; i <= 2; ++i) {
        std::string key = "exports/focus-parquet/data/BILLING_PERIOD=" + period + "/focus-parquet-0000" +
                          std::to_string(i) + ".snappy.parquet";
        Put(key, Bytes(key, 40000 + 1000 * i));
        keys.push_back(key);
      }
      Put("exports/focus-parquet/metadata/BILLING_PERIOD=" + period + "/focus-parquet-Manifest.json",
          Manifest("focus-parquet", period, "exec-" + period, keys));
    }
    // "Create new versions" mode, gzip CSV: a folder per delivery; the newest complete wins.
    PutCsvDelivery("2024-01", "20240105T0000Z-e1", true);
    PutCsvDelivery("2024-01", "20240110T0000Z-e2", true);
    PutCsvDelivery("2024-02", "20240203T0000Z-e3", true);
    PutCsvDelivery("2024-02", "20240204T0000Z-e4", false);  // still being written: incomplete
  }

  void Put(const std::string& key, const std::string& bytes) {
    ASSERT_TRUE(moto_->PutObject(kBucket, key, bytes).ok()) << key;
  }

  void PutCsvDelivery(const std::string& period, const std::string& folder, bool complete) {
    const std::string root = "billing/focus-csv/";
    std::string key = root + "data/BILLING_PERIOD=" + period + "/" + folder + "/focus-csv-00001.csv.gz";
    std::string missing = root + "data/BILLING_PERIOD=" + period + "/" + folder + "/focus-csv-00002.csv.gz";
    Put(key, Bytes(key, 30000));
    std::vector<std::string> keys = {key};
    if (!complete) keys.push_back(missing);
    Put(root + "metadata/BILLING_PERIOD=" + period + "/" + folder + "/focus-csv-Manifest.json",
        Manifest("focus-csv", period, folder, keys));
  }

  AwsConnectorConfig Config(const std::string& path, const std::string& type) {
    auto c = AwsConnectorConfig::FromFields({{"account_id", "111122223333"},
                                             {"bucket", kBucket},
                                             {"path", path},
                                             {"file_type", type},
                                             {"external_id", kExternalId}});
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return *c;
  }

  AwsSourceOptions Options(std::vector<std::pair<std::string, std::string>> env = {}) {
    AwsSourceOptions o;
    o.env = moto_->Env(std::move(env));
    o.retry.sleep = [](std::chrono::milliseconds) {};
    o.clock = &clock_;
    return o;
  }

  static MotoServer* moto_;
  FakeClock clock_;
};
MotoServer* AwsBillingSourceTest::moto_ = nullptr;

TEST_F(AwsBillingSourceTest, DiscoversEachPeriodOfAnOverwriteModeParquetExport) {
  AwsBillingSource source(Config("/exports/", "parquet"), Options());
  auto found = source.Discover();
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].billing_period, "2024-01");
  EXPECT_EQ((*found)[1].billing_period, "2024-02");
  for (const auto& d : *found) {
    EXPECT_EQ(d.format, FileFormat::kParquet);
    ASSERT_EQ(d.files.size(), 2u);
    EXPECT_EQ(d.files[0].key, "exports/focus-parquet/data/BILLING_PERIOD=" + d.billing_period +
                                  "/focus-parquet-00001.snappy.parquet");
    EXPECT_NE(d.delivery_id.find("focus-parquet-Manifest.json"), std::string::npos);
  }
}

TEST_F(AwsBillingSourceTest, FetchDownloadsIdenticalBytes) {
  AwsBillingSource source(Config("exports", "parquet"), Options());
  auto found = source.Discover();
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  const std::string dir = ::testing::TempDir() + "/aws_fetch_" + std::to_string(::getpid());
  auto paths = source.Fetch((*found)[1], dir);
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  ASSERT_EQ(paths->size(), 2u);
  for (size_t i = 0; i < paths->size(); ++i) {
    const std::string& key = (*found)[1].files[i].key;
    EXPECT_TRUE(ReadFile((*paths)[i]) == Bytes(key, 40000 + 1000 * (i + 1))) << key;
  }
}

TEST_F(AwsBillingSourceTest, TakesTheNewestCompleteDeliveryInVersionedMode) {
  AwsBillingSource source(Config("billing/focus-csv", "csv_gzip"), Options());
  auto found = source.Discover();
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 2u);
  ASSERT_EQ((*found)[0].files.size(), 1u);
  EXPECT_NE((*found)[0].files[0].key.find("20240110T0000Z-e2"), std::string::npos);  // the newer of two
  ASSERT_EQ((*found)[1].files.size(), 1u);
  EXPECT_NE((*found)[1].files[0].key.find("20240203T0000Z-e3"), std::string::npos);  // e4 is incomplete
  EXPECT_EQ((*found)[1].format, FileFormat::kCsvGzip);
  auto paths = source.Fetch((*found)[0], ::testing::TempDir() + "/aws_fetch_csv");
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  EXPECT_TRUE(ReadFile((*paths)[0]) == Bytes((*found)[0].files[0].key, 30000));
}

TEST_F(AwsBillingSourceTest, ANewDeliveryOfOnePeriodChangesOnlyItsDeliveryId) {
  AwsBillingSource source(Config("exports", "parquet"), Options());
  auto before = source.Discover();
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  // AWS refreshes February in overwrite mode: new data, rewritten manifest, one file fewer.
  std::string key = "exports/focus-parquet/data/BILLING_PERIOD=2024-02/focus-parquet-00001.snappy.parquet";
  Put(key, Bytes("refreshed", 45000));
  Put("exports/focus-parquet/metadata/BILLING_PERIOD=2024-02/focus-parquet-Manifest.json",
      Manifest("focus-parquet", "2024-02", "exec-2024-02-b", {key}));
  auto after = source.Discover();
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  ASSERT_EQ(after->size(), 2u);
  EXPECT_EQ((*after)[0].delivery_id, (*before)[0].delivery_id);
  EXPECT_NE((*after)[1].delivery_id, (*before)[1].delivery_id);
  ASSERT_EQ((*after)[1].files.size(), 1u);
  auto paths = source.Fetch((*after)[1], ::testing::TempDir() + "/aws_fetch_new");
  ASSERT_TRUE(paths.ok());
  EXPECT_TRUE(ReadFile((*paths)[0]) == Bytes("refreshed", 45000));
}

TEST_F(AwsBillingSourceTest, AFileTypeThatDiffersFromTheConnectorsIsAClearError) {
  AwsBillingSource source(Config("exports", "csv_gzip"), Options());
  auto found = source.Discover();
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(found.status().field(), "file_type");
  EXPECT_NE(found.status().message().find("is a parquet file but the connector's file type is csv_gzip"),
            std::string::npos)
      << found.status().message();

  ConnectionReport report = source.TestConnection();
  EXPECT_FALSE(report.ok);
  ASSERT_FALSE(report.steps.empty());
  EXPECT_EQ(report.steps.back().name, "Find data file");
  EXPECT_NE(report.steps.back().hint.find("Set the connector's file type to parquet"), std::string::npos);
}

TEST_F(AwsBillingSourceTest, TestConnectionPassesEveryStep) {
  AwsBillingSource source(Config("exports", "parquet"), Options());
  ConnectionReport report = source.TestConnection();
  EXPECT_TRUE(report.ok);
  std::vector<std::string> names;
  for (const auto& s : report.steps) {
    names.push_back(s.name);
    EXPECT_TRUE(s.ok) << s.name << ": " << s.message;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Assume role", "Access bucket", "List path", "Find manifest",
                                             "Find data file"}));
  EXPECT_NE(report.steps[1].message.find("eu-west-1"), std::string::npos);
}

TEST_F(AwsBillingSourceTest, TestConnectionSaysWhenNothingIsUnderThePath) {
  AwsBillingSource source(Config("no/such/prefix", "parquet"), Options());
  ConnectionReport report = source.TestConnection();
  EXPECT_FALSE(report.ok);
  ASSERT_EQ(report.steps.size(), 3u);
  EXPECT_EQ(report.steps[2].name, "List path");
  EXPECT_NE(report.steps[2].message.find("s3://acme-focus-exports/no/such/prefix/"), std::string::npos);
  EXPECT_FALSE(report.steps[2].hint.empty());
  auto found = source.Discover();
  EXPECT_EQ(found.status().code(), StatusCode::kNotFound);
}

// A fake STS that refuses every AssumeRole the way AWS does when the trust policy or the
// external id does not match.
class RefusingSts {
 public:
  RefusingSts() {
    server_.Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      body_seen = req.body;
      res.status = 403;
      res.set_content(
          "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
          "<Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/focusd is not authorized to "
          "perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/focusd-billing-reader</Message>"
          "</Error><RequestId>x</RequestId></ErrorResponse>",
          "text/xml");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~RefusingSts() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string body_seen;

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST_F(AwsBillingSourceTest, ARoleThatCannotBeAssumedPointsAtTheTrustPolicy) {
  RefusingSts sts;
  AwsBillingSource source(Config("exports", "parquet"), Options({{"AWS_ENDPOINT_URL_STS", sts.url()}}));
  ConnectionReport report = source.TestConnection();
  EXPECT_FALSE(report.ok);
  ASSERT_EQ(report.steps.size(), 1u);
  EXPECT_EQ(report.steps[0].name, "Assume role");
  EXPECT_NE(report.steps[0].message.find("AccessDenied"), std::string::npos);
  EXPECT_NE(report.steps[0].hint.find("trust policy"), std::string::npos);
  EXPECT_NE(report.steps[0].hint.find(kExternalId), std::string::npos);
  EXPECT_EQ(report.steps[0].message.find("focusd-test-secret"), std::string::npos);
  // What was sent: the role ARN and the external id.
  EXPECT_NE(sts.body_seen.find("RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Ffocusd-billing-reader"),
            std::string::npos);
  EXPECT_NE(sts.body_seen.find(std::string("ExternalId=") + kExternalId), std::string::npos);

  auto found = source.Discover();
  EXPECT_EQ(found.status().code(), StatusCode::kPermissionDenied);
}

TEST_F(AwsBillingSourceTest, AccessDeniedOnTheBucketStopsWithAClearStatus) {
  S3FaultProxy proxy(moto_->url());
  proxy.deny_all = true;
  AwsBillingSource source(Config("exports", "parquet"), Options({{"AWS_ENDPOINT_URL_S3", proxy.url()}}));
  ConnectionReport report = source.TestConnection();
  EXPECT_FALSE(report.ok);
  ASSERT_EQ(report.steps.size(), 2u);
  EXPECT_TRUE(report.steps[0].ok);
  EXPECT_EQ(report.steps[1].name, "Access bucket");
  EXPECT_NE(report.steps[1].hint.find("s3:ListBucket"), std::string::npos);
  auto found = source.Discover();
  EXPECT_EQ(found.status().code(), StatusCode::kPermissionDenied);
}

TEST_F(AwsBillingSourceTest, RecoversFromSlowDownAndADroppedDownload) {
  S3FaultProxy proxy(moto_->url());
  AwsBillingSource source(Config("exports", "parquet"), Options({{"AWS_ENDPOINT_URL_S3", proxy.url()}}));
  proxy.slow_down_next = 2;
  auto found = source.Discover();
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  proxy.break_next_object_get = 1;
  auto paths = source.Fetch((*found)[0], ::testing::TempDir() + "/aws_fetch_faults");
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  EXPECT_TRUE(ReadFile((*paths)[0]) == Bytes((*found)[0].files[0].key, 41000));
  EXPECT_EQ(proxy.ranges_seen().size(), 1u);
}

TEST_F(AwsBillingSourceTest, ReassumesTheRoleWhenTheTemporaryCredentialsExpire) {
  auto identity = std::make_shared<CountingIdentity>();
  AwsSourceOptions o = Options();
  o.identity = identity;
  AwsBillingSource source(Config("exports", "parquet"), o);
  ASSERT_TRUE(source.Discover().ok());
  ASSERT_TRUE(source.Discover().ok());
  EXPECT_EQ(identity->calls, 1);  // cached while valid
  // 56 minutes on, moto's one-hour credentials are within the 5-minute refresh margin.
  clock_.offset = std::chrono::minutes(56);
  auto again = source.Discover();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  const int after_expiry = identity->calls;
  EXPECT_GE(after_expiry, 2);
  clock_.offset = std::chrono::seconds(0);  // the renewed credentials are fresh again
  ASSERT_TRUE(source.Discover().ok());
  EXPECT_EQ(identity->calls, after_expiry);
}

TEST_F(AwsBillingSourceTest, AStoreFailureReachesTheCallerNamed) {
  std::shared_ptr<FaultInjectingStore> faults;
  AwsSourceOptions o = Options();
  o.wrap_store = [&](std::shared_ptr<ObjectStore> inner) {
    faults = std::make_shared<FaultInjectingStore>(inner);
    return faults;
  };
  AwsBillingSource source(Config("exports", "parquet"), o);
  auto found = source.Discover();
  ASSERT_TRUE(found.ok());
  faults->FailNext(StoreOp::kDownload, Status::DataLoss("s3://acme-focus-exports/x: truncated"));
  auto paths = source.Fetch((*found)[0], ::testing::TempDir() + "/aws_fetch_fi");
  EXPECT_EQ(paths.status().code(), StatusCode::kDataLoss);
  auto retry = source.Fetch((*found)[0], ::testing::TempDir() + "/aws_fetch_fi");
  EXPECT_TRUE(retry.ok()) << retry.status().ToString();
}

TEST(AwsConnectorConfigTest, ErrorsNameTheField) {
  nlohmann::json ok = {{"account_id", "111122223333"}, {"bucket", "b-1"}, {"path", "p"},
                       {"file_type", "parquet"},      {"external_id", "x"}};
  auto c = AwsConnectorConfig::FromFields(ok);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->role_name, "focusd-billing-reader");
  for (const auto& [field, bad] : std::vector<std::pair<std::string, std::string>>{
           {"account_id", "1234"}, {"bucket", "Bad_Bucket"}, {"file_type", "json"}, {"external_id", ""},
           {"role_name", "bad role"}}) {
    nlohmann::json j = ok;
    j[field] = bad;
    auto r = AwsConnectorConfig::FromFields(j);
    ASSERT_FALSE(r.ok()) << field;
    EXPECT_EQ(r.status().field(), field);
  }
}

}  // namespace
}  // namespace focusd
