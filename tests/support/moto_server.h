// Starts moto_server (the AWS emulator, "plain mode": no IAM enforcement) on a free loopback
// port for tests, waits until it answers (polling, no fixed sleeps), and stops it by PID.
// Also a few signed setup calls (create bucket, put object, create role) so tests can lay out
// an export the way AWS Data Exports would, without any Python in the test itself.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

#include "auth/aws_credentials.h"
#include "core/status.h"
#include "http/http_client.h"

namespace focusd::testing {

class MotoServer {
 public:
  MotoServer();   // aborts the test (ADD_FAILURE + empty url) if moto_server cannot start
  ~MotoServer();  // SIGTERM, then waits

  bool running() const { return pid_ > 0; }
  const std::string& url() const { return url_; }  // http://127.0.0.1:PORT
  // Environment for code under test: endpoint overrides, test credentials, no IMDS.
  EnvLookup Env(std::vector<std::pair<std::string, std::string>> extra = {}) const;

  Status Reset();  // forgets every bucket, object and role
  Status CreateBucket(const std::string& bucket, const std::string& region = "us-east-1");
  Status PutObject(const std::string& bucket, const std::string& key, const std::string& bytes);
  Status DeleteObject(const std::string& bucket, const std::string& key);
  Status CreateRole(const std::string& role_name, const std::string& trust_policy_json);
  // A signed call to the emulator (service "s3", "iam", "sts").
  Result<HttpResponse> Call(const std::string& service, const std::string& method, const std::string& path,
                            const std::vector<std::pair<std::string, std::string>>& query = {},
                            const std::string& body = "",
                            const std::vector<std::pair<std::string, std::string>>& headers = {});

 private:
  pid_t pid_ = -1;
  std::string url_;
  std::string log_path_;
};


}  // namespace focusd::testing
