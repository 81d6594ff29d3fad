// A test double of the Cloud Storage JSON API over an in-memory object map: objects.list
// (prefix, maxResults, pageToken), objects.get (metadata, alt=media with Range), objects.delete
// and media uploads. Every call needs a live bearer token from the GcpTokenServer.
#pragma once

#include <httplib.h>

#include <map>
#include <nlohmann/json.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/gcp_token_server.h"

namespace focusd::testing {

class GcpStorageServer {
 public:
  explicit GcpStorageServer(const GcpTokenServer& tokens);
  ~GcpStorageServer();

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // A bucket that does not exist answers 404; a read-only one refuses uploads with 403.
  void CreateBucket(const std::string& bucket, bool writable = true);
  void PutObject(const std::string& bucket, const std::string& name, std::string data);
  std::optional<std::string> GetObject(const std::string& bucket, const std::string& name) const;
  std::vector<std::string> ObjectNames(const std::string& bucket, const std::string& prefix = "") const;
  bool Writable(const std::string& bucket) const;
  bool HasBucket(const std::string& bucket) const;

  // Observations for tests.
  int list_pages_served() const { return list_pages_; }
  std::vector<std::string> ranges_seen() const;
  // The next media download of `name` is cut after half its bytes (a broken connection).
  void BreakNextDownload(const std::string& name);

 private:
  struct Bucket {
    bool writable = true;
    std::map<std::string, std::pair<std::string, int64_t>> objects;  // name -> (data, generation)
  };
  nlohmann::json Resource(const std::string& bucket, const std::string& name, const std::string& data,
                          int64_t generation) const;
  const GcpTokenServer& tokens_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
  int64_t next_generation_ = 1700000000000000;
  int list_pages_ = 0;
  std::vector<std::string> ranges_;
  std::string break_next_;
};

}  // namespace focusd::testing
