// A real radosgw (Ceph's S3 and STS gateway, which checks SigV4 strictly) on loopback for
// tests: start_radosgw.sh brings up a one-monitor, one-memstore-OSD cluster and the gateway
// (~5-15 s), creates the user "focusd", and the destructor stops every daemon by its PID.
// Tests GTEST_SKIP when the Ceph binaries are not installed.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "auth/aws_credentials.h"
#include "core/status.h"
#include "http/http_client.h"

namespace focusd::testing {

class RadosgwCluster {
 public:
  static constexpr const char* kAccessKey = "RGWFOCUSDTESTKEY";
  static constexpr const char* kSecret = "rgw-focusd-test-secret";

  RadosgwCluster();
  ~RadosgwCluster();

  static bool Installed();
  bool running() const { return running_; }
  const std::string& url() const { return url_; }
  AwsCredentials UserCredentials() const;

  // A call signed as the "focusd" user (service "s3", "iam" or "sts").
  Result<HttpResponse> Call(const std::string& service, const std::string& method, const std::string& path,
                            const std::string& body = "",
                            const std::vector<std::pair<std::string, std::string>>& headers = {});

 private:
  void Start(bool last_try);
  void StopDaemons();  // SIGTERM to every daemon's PID, then removes the directory

  std::string dir_, url_;
  bool running_ = false;
};

}  // namespace focusd::testing
