// AzureBlobStore against a scripted stand-in for the Blob service: pagination, retries,
// error mapping, ranged resume with If-Match. (End-to-end tests against Azurite are in
// providers/azure/azure_billing_source_test.cc.)
#include "storage/azure_blob_store.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

namespace focusd {
namespace {

class FakeBlobService {
 public:
  FakeBlobService() {
    server_.Get("/acct/billing", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      list_queries_.push_back(req.params.count("marker") ? req.get_param_value("marker") : "");
      if (fail_next_lists_ > 0) {
        --fail_next_lists_;
        res.status = fail_status_;
        if (fail_status_ == 429) res.set_header("Retry-After", "7");
        res.set_header("x-ms-error-code", fail_status_ == 429 ? "TooManyRequests" : "ServerBusy");
        return;
      }
      if (!container_exists_) {
        res.status = 404;
        res.set_header("x-ms-error-code", "ContainerNotFound");
        res.set_content("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ContainerNotFound</Code>"
                        "<Message>The specified container does not exist.\nRequestId:x</Message></Error>",
                        "application/xml");
        return;
      }
      bool second = req.params.count("marker") && req.get_param_value("marker") == "page2";
      std::string blobs = second ? Blob("focus/b.csv.gz", 20) : Blob("focus/a.csv.gz", 10) + Blob("focus/m.json", 5);
      res.set_content("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ContainerName=\"billing\"><Blobs>" +
                          blobs + "</Blobs><NextMarker>" + (second ? "" : "page2") + "</NextMarker></EnumerationResults>",
                      "application/xml");
    });
    server_.Get("/acct/billing/focus/obj.bin", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      if_match_.push_back(req.get_header_value("If-Match"));
      ranges_.push_back(req.get_header_value("Range"));
      if (req.get_header_value("If-Match") != "\"0x8DBLOB\"") {
        res.status = 412;
        res.set_header("x-ms-error-code", "ConditionNotMet");
        return;
      }
      if (req.has_header("Range")) {
        res.set_content(body_, "application/octet-stream");  // httplib answers 206 with the range
        return;
      }
      // First GET: promise the whole body, deliver half, close.
      res.set_content_provider(body_.size(), "application/octet-stream", [this](size_t offset, size_t, httplib::DataSink& sink) {
        if (offset >= body_.size() / 2) return false;
        sink.write(body_.data(), body_.size() / 2);
        return true;
      });
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
    for (int i = 0; i < 100000; ++i) body_.push_back(static_cast<char>('A' + i % 23));
  }
  ~FakeBlobService() {
    server_.stop();
    thread_.join();
  }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_) + "/acct"; }

  static std::string Blob(const std::string& name, int size) {
    return "<Blob><Name>" + name + "</Name><Properties><Last-Modified>Mon, 05 Feb 2024 06:00:00 GMT</Last-Modified>"
           "<Etag>\"0x8D" + std::to_string(size) + "\"</Etag><Content-Length>" + std::to_string(size) +
           "</Content-Length></Properties></Blob>";
  }

  std::mutex mu_;
  std::vector<std::string> list_queries_, if_match_, ranges_;
  int fail_next_lists_ = 0;
  int fail_status_ = 503;
  bool container_exists_ = true;
  std::string body_;

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

class AzureBlobStoreTest : public ::testing::Test {
 protected:
  AzureBlobStore Store(std::unique_ptr<AzureBlobCredential> cred = nullptr) {
    AzureBlobStoreOptions o;
    o.endpoint = fake_.endpoint();
    o.container = "billing";
    o.retry.initial_backoff = std::chrono::milliseconds(100);
    o.retry.sleep = [this](std::chrono::milliseconds d) { sleeps_.push_back(d); };
    if (!cred) cred = MakeSharedKeyCredential("acct", SecretString("c2VjcmV0a2V5"));
    return AzureBlobStore(o, std::move(cred));
  }
  FakeBlobService fake_;
  std::vector<std::chrono::milliseconds> sleeps_;
};

TEST_F(AzureBlobStoreTest, ListFollowsMarkersAndReadsProperties) {
  auto list = Store().List("focus/");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].key, "focus/a.csv.gz");
  EXPECT_EQ((*list)[0].size, 10);
  EXPECT_EQ((*list)[0].etag, "0x8D10");
  EXPECT_EQ((*list)[0].last_modified, "2024-02-05T06:00:00Z");
  EXPECT_EQ((*list)[1].key, "focus/b.csv.gz");
  EXPECT_EQ(fake_.list_queries_, (std::vector<std::string>{"", "page2"}));
}

TEST_F(AzureBlobStoreTest, ThrottlingAndServerErrorsAreRetriedWithBackoff) {
  fake_.fail_next_lists_ = 2;
  auto list = Store().List("focus/");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(sleeps_.size(), 2u);
  fake_.fail_status_ = 429;
  fake_.fail_next_lists_ = 1;
  sleeps_.clear();
  ASSERT_TRUE(Store().List("focus/").ok());
  ASSERT_EQ(sleeps_.size(), 1u);
  EXPECT_GE(sleeps_[0], std::chrono::seconds(7));  // Retry-After honoured
}

TEST_F(AzureBlobStoreTest, ErrorsCarryTheServiceCodeButNoSignature) {
  fake_.container_exists_ = false;
  auto list = Store(MakeSasCredential(SecretString("sv=2022-11-02&sr=c&sp=rl&sig=SECRETSIG%3D"))).List("focus/");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(HasAzureErrorCode(list.status(), "ContainerNotFound")) << list.status().message();
  EXPECT_NE(list.status().message().find("The specified container does not exist."), std::string::npos);
  EXPECT_EQ(list.status().message().find("SECRETSIG"), std::string::npos);
  EXPECT_EQ(list.status().message().find("RequestId"), std::string::npos);
}

TEST_F(AzureBlobStoreTest, DownloadResumesWithRangeAndKeepsTheListedEtag) {
  ObjectInfo obj{"focus/obj.bin", static_cast<int64_t>(fake_.body_.size()), "0x8DBLOB", ""};
  std::string path = ::testing::TempDir() + "/azure-obj.bin";
  Status st = Store().Download(obj, path);
  ASSERT_TRUE(st.ok()) << st.ToString();
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), fake_.body_);
  ASSERT_EQ(fake_.ranges_.size(), 2u);
  EXPECT_EQ(fake_.ranges_[1], "bytes=" + std::to_string(fake_.body_.size() / 2) + "-");
  EXPECT_EQ(fake_.if_match_, (std::vector<std::string>{"\"0x8DBLOB\"", "\"0x8DBLOB\""}));

  // The blob was rewritten since listing: a 412, reported as such.
  obj.etag = "0x8DOLD";
  st = Store().Download(obj, path);
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("changed since it was listed"), std::string::npos);
}

TEST_F(AzureBlobStoreTest, ACredentialThatCannotSignIsNotRetriedAgain) {
  RetryPolicy token_retry;
  token_retry.max_attempts = 2;
  int token_waits = 0;
  token_retry.sleep = [&](std::chrono::milliseconds) { ++token_waits; };
  auto tokens = std::make_shared<EntraTokenSource>(
      "http://127.0.0.1:1", EntraClientCredentials{"tenant", "client", SecretString("secret")},
      "https://storage.azure.com/.default", TimeSource::System(), "", token_retry);
  auto store = Store(MakeBearerCredential(tokens));
  auto list = store.List("focus/");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(tokens->requests(), 2);   // the token source's own attempts
  EXPECT_EQ(token_waits, 1);
  EXPECT_TRUE(sleeps_.empty());        // and no second layer of retries on top
  EXPECT_TRUE(fake_.list_queries_.empty());
  Status dl = store.Download(ObjectInfo{"focus/obj.bin", 10, "0x8DBLOB", ""}, ::testing::TempDir() + "/never.bin");
  EXPECT_EQ(dl.code(), StatusCode::kUnavailable);
  EXPECT_TRUE(sleeps_.empty());
}

}  // namespace
}  // namespace focusd
