#include "storage/ranged_download.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

namespace focusd {
namespace {

// Serves one object; the first GET drops the connection after half the bytes, like a
// network break mid-download. Ranged GETs are answered with 206.
class BreakingServer {
 public:
  explicit BreakingServer(std::string body) : body_(std::move(body)) {
    server_.Get("/obj", [this](const httplib::Request& req, httplib::Response& res) {
      ++gets_;
      if (req.has_header("Range")) {
        ranges_.push_back(req.get_header_value("Range"));
        res.set_content(body_, "application/octet-stream");  // httplib answers 206 with the range
        return;
      }
      if (gets_ == 1) {
        // Promise the whole body, deliver half, then close: a broken connection.
        res.set_content_provider(body_.size(), "application/octet-stream",
                                 [this](size_t offset, size_t, httplib::DataSink& sink) {
                                   if (offset >= body_.size() / 2) return false;
                                   sink.write(body_.data(), body_.size() / 2);
                                   return true;
                                 });
        return;
      }
      res.set_content(body_, "application/octet-stream");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();  // listening starts on the thread
  }
  ~BreakingServer() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/obj"; }
  std::vector<std::string> ranges_;
  std::atomic<int> gets_{0};

 private:
  std::string body_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST(RangedDownloadTest, ResumesAfterABrokenConnection) {
  std::string body;
  for (int i = 0; i < 200000; ++i) body.push_back(static_cast<char>('a' + i % 26));
  BreakingServer s(body);
  std::string path = ::testing::TempDir() + "/resumed.bin";
  RetryPolicy policy;
  policy.sleep = [](std::chrono::milliseconds) {};
  Status st = DownloadWithResume(
      [&](int64_t offset) -> Result<HttpRequest> {
        HttpRequest req{.url = s.url()};
        if (offset > 0) req.headers.push_back({"Range", "bytes=" + std::to_string(offset) + "-"});
        return req;
      },
      path, static_cast<int64_t>(body.size()), "test object",
      [](const HttpResponse& r) { return Status::Internal("HTTP " + std::to_string(r.status)); }, policy);
  ASSERT_TRUE(st.ok()) << st.ToString();
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), body);
  ASSERT_EQ(s.ranges_.size(), 1u);
  EXPECT_EQ(s.ranges_[0], "bytes=" + std::to_string(body.size() / 2) + "-");
}

TEST(RangedDownloadTest, SizeMismatchIsDataLoss) {
  BreakingServer s("0123456789");
  std::string path = ::testing::TempDir() + "/short.bin";
  RetryPolicy policy;
  policy.sleep = [](std::chrono::milliseconds) {};
  s.gets_ = 1;  // skip the breaking first answer
  Status st = DownloadWithResume([&](int64_t) -> Result<HttpRequest> { return HttpRequest{.url = s.url()}; },
                                 path, 11, "short object", [](const HttpResponse&) { return Status::Ok(); },
                                 policy);
  EXPECT_EQ(st.code(), StatusCode::kDataLoss);
  EXPECT_NE(st.message().find("expected 11"), std::string::npos);
}

}  // namespace
}  // namespace focusd
