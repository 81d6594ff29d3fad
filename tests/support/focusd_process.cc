#include "support/focusd_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/random.h"

namespace focusd::testing {

std::string NewTempDir(const std::string& prefix) {
  std::string dir = ::testing::TempDir() + "/" + prefix + "-" + RandomHex(6);
  std::filesystem::create_directories(dir);
  return dir;
}

FocusdProcess::FocusdProcess(const std::string& data_dir, const std::vector<std::string>& extra_args,
                             const std::vector<std::string>& env) {
  log_path_ = data_dir + ".log";
  int out[2];
  if (pipe(out) != 0) ADD_FAILURE() << "pipe failed";
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], 1);
    int log = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(log, 2);
    close(out[0]);
    // Every cloud endpoint points at a closed loopback port unless the test says otherwise,
    // so nothing a test does can reach a real cloud; no daily schedule in tests.
    for (const char* kv : {"AWS_ENDPOINT_URL=http://127.0.0.1:9", "AWS_EC2_METADATA_DISABLED=true",
                           "AZURE_AUTHORITY_HOST=http://127.0.0.1:9", "FOCUSD_AZURE_BLOB_ENDPOINT=http://127.0.0.1:9",
                           "STORAGE_EMULATOR_HOST=http://127.0.0.1:9", "BIGQUERY_EMULATOR_HOST=http://127.0.0.1:9",
                           "FOCUSD_GCP_TOKEN_URI=http://127.0.0.1:9/token",
                           "OCI_OBJECT_STORAGE_ENDPOINT=http://127.0.0.1:9"})
      putenv(strdup(kv));
    for (const auto& kv : env) putenv(strdup(kv.c_str()));
    std::vector<std::string> args = {FOCUSD_BINARY, "serve", "--data-dir", data_dir, "--listen", "127.0.0.1:0",
                                     "--log-format", "json", "--no-scheduler"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  stdout_fd_ = out[0];
  // Read stdout line by line until the server says where it listens.
  std::string buf;
  char c;
  while (read(stdout_fd_, &c, 1) == 1) {
    if (c != '\n') {
      buf.push_back(c);
      continue;
    }
    if (buf.rfind("admin token: ", 0) == 0) admin_token_ = buf.substr(13);
    if (buf.rfind("listening on ", 0) == 0) {
      base_url_ = buf.substr(13);
      break;
    }
    buf.clear();
  }
  if (base_url_.empty()) {
    ADD_FAILURE() << "focusd did not start; log:\n" << ReadLog();
  }
}

FocusdProcess::~FocusdProcess() { Stop(); }

int FocusdProcess::Stop() {
  if (pid_ <= 0) return 0;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
  return status;
}

std::string FocusdProcess::ReadLog() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

HttpResponse FocusdProcess::Call(const std::string& method, const std::string& path, const nlohmann::json& body,
                                 const std::string& token) const {
  HttpRequest req;
  req.method = method;
  req.url = base_url_ + path;
  std::string t = token == "\x01" ? admin_token_ : token;
  if (!t.empty()) req.headers.push_back({"Authorization", "Bearer " + t});
  if (!body.is_null()) {
    req.headers.push_back({"Content-Type", "application/json"});
    req.body = body.dump();
  }
  auto r = HttpClient::Send(req);
  if (!r.ok()) {
    ADD_FAILURE() << method << " " << path << ": " << r.status().ToString();
    return {};
  }
  return *r;
}

}  // namespace focusd::testing
