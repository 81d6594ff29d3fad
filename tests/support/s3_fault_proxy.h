// A small HTTP proxy in front of an S3 emulator that injects the faults S3 really produces:
// 503 SlowDown, a connection dropped mid-body, 400 ExpiredToken for chosen credentials, and
// 403 AccessDenied. Everything else is forwarded unchanged (the Range header is applied by
// the proxy itself, so a resumed GET is answered 206 from the full object).
#pragma once

#include <httplib.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace focusd::testing {

class S3FaultProxy {
 public:
  explicit S3FaultProxy(std::string upstream);
  ~S3FaultProxy();

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::atomic<int> slow_down_next{0};       // answer the next N requests 503 SlowDown
  std::atomic<int> break_next_object_get{0};  // drop the next N object GETs after half the bytes
  std::atomic<bool> deny_all{false};        // 403 AccessDenied to everything
  std::string expired_access_key;           // 400 ExpiredToken when signed with this key id
  // When set, a request signed for another region gets 301 PermanentRedirect naming this one
  // (x-amz-bucket-region header and <Region>), as S3 answers outside the bucket's region.
  std::string bucket_region;

  std::atomic<int> requests{0};
  std::vector<std::string> ranges_seen();

 private:
  void Handle(const httplib::Request& req, httplib::Response& res);

  std::string upstream_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> ranges_;
};

}  // namespace focusd::testing
