#include "http/http_client.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "http/retry_policy.h"

namespace focusd {
namespace {

// A real HTTP server on a free loopback port, run on its own thread for the test's lifetime.
class LocalServer {
 public:
  LocalServer() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();  // listening starts on the thread
  }
  ~LocalServer() {
    server_.stop();
    thread_.join();
  }
  httplib::Server& server() { return server_; }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(HttpClientTest, StreamsSuccessToFileAndErrorsToMemory) {
  LocalServer s;
  s.server().Get("/data", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(100000, 'x'), "application/octet-stream");
  });
  s.server().Get("/denied", [](const httplib::Request&, httplib::Response& res) {
    res.status = 403;
    res.set_content("<Error><Code>AccessDenied</Code></Error>", "application/xml");
  });
  std::string path = ::testing::TempDir() + "/download.bin";
  auto ok = HttpClient::SendToFile({.url = s.url("/data")}, path, false);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ReadFile(path).size(), 100000u);
  EXPECT_TRUE(ok->body.empty());

  auto denied = HttpClient::SendToFile({.url = s.url("/denied")}, path + ".2", false);
  ASSERT_TRUE(denied.ok());
  EXPECT_EQ(denied->status, 403);
  EXPECT_NE(denied->body.find("AccessDenied"), std::string::npos);
  EXPECT_EQ(ReadFile(path + ".2"), "");
}

TEST(HttpClientTest, RefusedConnectionIsUnavailableNamingTheHost) {
  int port;
  {
    LocalServer s;  // learn a free port, then close it
    port = std::stoi(s.url("").substr(17));
  }
  auto r = HttpClient::Send({.url = "http://127.0.0.1:" + std::to_string(port) + "/x?sig=SECRET"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("127.0.0.1"), std::string::npos);
  EXPECT_EQ(r.status().message().find("SECRET"), std::string::npos);
}

TEST(RetryPolicyTest, RetriesThrottlingHonouringRetryAfterThenSucceeds) {
  LocalServer s;
  std::atomic<int> calls{0};
  s.server().Get("/flaky", [&](const httplib::Request&, httplib::Response& res) {
    int n = ++calls;
    if (n == 1) {
      res.status = 503;
      res.set_content("<Code>SlowDown</Code>", "application/xml");
    } else if (n == 2) {
      res.status = 429;
      res.set_header("Retry-After", "3");
    } else {
      res.set_content("ok", "text/plain");
    }
  });
  std::vector<std::chrono::milliseconds> waits;
  RetryPolicy policy;
  policy.sleep = [&](std::chrono::milliseconds d) { waits.push_back(d); };
  auto r = SendWithRetry([&] { return HttpClient::Send({.url = s.url("/flaky")}); }, policy);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(calls.load(), 3);
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_GE(waits[1], std::chrono::milliseconds(3000));
}

TEST(RetryPolicyTest, DoesNotRetryClientErrorsAndStopsAfterMaxAttempts) {
  LocalServer s;
  std::atomic<int> forbidden{0}, broken{0};
  s.server().Get("/forbidden", [&](const httplib::Request&, httplib::Response& res) {
    ++forbidden;
    res.status = 403;
  });
  s.server().Get("/broken", [&](const httplib::Request&, httplib::Response& res) {
    ++broken;
    res.status = 500;
  });
  RetryPolicy policy;
  policy.max_attempts = 4;
  policy.sleep = [](std::chrono::milliseconds) {};
  EXPECT_EQ(SendWithRetry([&] { return HttpClient::Send({.url = s.url("/forbidden")}); }, policy)->status, 403);
  EXPECT_EQ(forbidden.load(), 1);
  EXPECT_EQ(SendWithRetry([&] { return HttpClient::Send({.url = s.url("/broken")}); }, policy)->status, 500);
  EXPECT_EQ(broken.load(), 4);
}

TEST(RetryPolicyTest, BackoffGrowsAndIsCapped) {
  RetryPolicy p;
  p.initial_backoff = std::chrono::milliseconds(100);
  p.max_backoff = std::chrono::milliseconds(1000);
  for (int i = 0; i < 50; ++i) {
    auto d1 = BackoffDelay(p, 1), d4 = BackoffDelay(p, 4), d10 = BackoffDelay(p, 10);
    EXPECT_GE(d1.count(), 50);
    EXPECT_LE(d1.count(), 100);
    EXPECT_GE(d4.count(), 400);
    EXPECT_LE(d4.count(), 800);
    EXPECT_LE(d10.count(), 1000);
  }
}

}  // namespace
}  // namespace focusd
