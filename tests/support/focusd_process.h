// Starts the real focusd binary (`focusd serve`) on a free loopback port with a fresh data
// dir, for tests that talk to it over HTTP like a client would. Synchronizes on the lines the
// server prints ("admin token: ...", "listening on ..."), never on sleeps; stops it by PID.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http/http_client.h"

namespace focusd::testing {

class FocusdProcess {
 public:
  // Starts `focusd serve --data-dir <data_dir> --listen 127.0.0.1:0 <extra_args>`; stderr (the
  // log) goes to <data_dir>/../focusd.log. Aborts the test on failure to start.
  explicit FocusdProcess(const std::string& data_dir, const std::vector<std::string>& extra_args = {},
                         const std::vector<std::string>& env = {});
  ~FocusdProcess();  // SIGTERM, then waits

  const std::string& base_url() const { return base_url_; }
  const std::string& admin_token() const { return admin_token_; }
  const std::string& log_path() const { return log_path_; }
  std::string ReadLog() const;
  // Sends SIGTERM and waits; returns the exit status (as from waitpid).
  int Stop();

  // Convenience: a request with the admin token (or `token` when given).
  HttpResponse Call(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr,
                    const std::string& token = "\x01") const;

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string base_url_, admin_token_, log_path_;
};

// A fresh, empty directory under the test temp dir.
std::string NewTempDir(const std::string& prefix);

}  // namespace focusd::testing
