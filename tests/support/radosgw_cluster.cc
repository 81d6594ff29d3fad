#include "support/radosgw_cluster.h"
#include "support/free_port.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "auth/sigv4_signer.h"
#include "support/moto_server.h"

namespace focusd::testing {

bool RadosgwCluster::Installed() {
  for (const char* bin : {"/usr/bin/radosgw", "/usr/bin/ceph-mon", "/usr/bin/ceph-osd", "/usr/bin/radosgw-admin"})
    if (access(bin, X_OK) != 0) return false;
  return true;
}

RadosgwCluster::RadosgwCluster() {
  if (!Installed()) return;
  // A fresh cluster on fresh ports; one more try if the first start fails (a port taken
  // between choosing and binding it).
  for (int attempt = 1; attempt <= 2 && !running_; ++attempt) Start(attempt == 2);
}

void RadosgwCluster::Start(bool last_try) {
  if (!dir_.empty()) StopDaemons();
  const int mon_port = PickFreeLoopbackPort();
  int rgw_port = PickFreeLoopbackPort();
  while (rgw_port == mon_port) rgw_port = PickFreeLoopbackPort();
  dir_ = ::testing::TempDir() + "/radosgw_" + std::to_string(getpid()) + "_" + std::to_string(rgw_port);
  const std::string script = std::string(FOCUSD_SOURCE_DIR) + "/tests/support/start_radosgw.sh";
  const std::string log = dir_ + ".log";
  pid_t pid = fork();
  if (pid == 0) {
    FILE* f = freopen(log.c_str(), "w", stdout);
    (void)f;
    dup2(1, 2);
    std::string mp = std::to_string(mon_port), rp = std::to_string(rgw_port);
    execl("/bin/bash", "bash", script.c_str(), dir_.c_str(), mp.c_str(), rp.c_str(), kAccessKey, kSecret,
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);  // the script returns once the daemons are up (it bounds its own waits)
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    if (last_try) ADD_FAILURE() << "start_radosgw.sh failed; see " << log;
    return;
  }
  url_ = "http://127.0.0.1:" + std::to_string(rgw_port);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    HttpRequest req;
    req.url = url_ + "/";
    req.connect_timeout = std::chrono::milliseconds(200);
    auto r = HttpClient::Send(req);
    if (r.ok() && r->status == 200) {
      running_ = true;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // polling interval
  }
  if (last_try) ADD_FAILURE() << "radosgw did not answer on " << url_ << "; see " << dir_ << "/log";
}

RadosgwCluster::~RadosgwCluster() {
  if (!dir_.empty()) StopDaemons();
}

void RadosgwCluster::StopDaemons() {
  std::error_code ec;
  std::vector<pid_t> pids;
  for (const auto& e : std::filesystem::directory_iterator(dir_ + "/run", ec)) {
    if (e.path().extension() != ".pid") continue;
    std::ifstream in(e.path());
    pid_t pid = 0;
    if (in >> pid && pid > 0) pids.push_back(pid);
  }
  for (pid_t pid : pids) kill(pid, SIGTERM);
  // The daemons are not our children (they daemonize): poll until each is gone.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (pid_t pid : pids) {
    while (kill(pid, 0) == 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (kill(pid, 0) == 0) kill(pid, SIGKILL);
  }
  std::filesystem::remove_all(dir_, ec);
}

AwsCredentials RadosgwCluster::UserCredentials() const {
  AwsCredentials c;
  c.access_key_id = kAccessKey;
  c.secret_access_key = SecretString(kSecret);
  c.source = "radosgw user focusd";
  return c;
}

Result<HttpResponse> RadosgwCluster::Call(const std::string& service, const std::string& method,
                                          const std::string& path, const std::string& body,
                                          const std::vector<std::pair<std::string, std::string>>& headers) {
  return HttpClient::Send(BuildSignedRequest(url_, method, path, {}, headers, body, UserCredentials(),
                                             SigV4Scope{"us-east-1", service, service == "s3"}, Clock::now()));
}

}  // namespace focusd::testing
