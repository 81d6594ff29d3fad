#include "support/azurite_process.h"
#include "support/free_port.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace focusd::testing {

AzuriteProcess::AzuriteProcess(const std::string& dir, const AzuriteOptions& options) {
  std::string bin = std::string(FOCUSD_SOURCE_DIR) + "/node_modules/.bin/azurite-blob";
  if (!std::filesystem::exists(bin)) {
    ADD_FAILURE() << "Azurite is not installed (" << bin << "): run `npm install` in the repository";
    return;
  }
  std::filesystem::create_directories(dir);
  port_ = PickFreeLoopbackPort();
  bool https = !options.cert_path.empty();
  blob_endpoint_ = std::string(https ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + "/" + kAzuriteAccount;

  std::vector<std::string> args = {"node", bin, "--blobHost", "127.0.0.1", "--blobPort", std::to_string(port_),
                                   "--location", dir, "--skipApiVersionCheck", "--disableTelemetry", "--silent"};
  if (https) args.insert(args.end(), {"--cert", options.cert_path, "--key", options.key_path});
  if (options.oauth_basic) args.insert(args.end(), {"--oauth", "basic"});

  int out[2];
  if (pipe(out) != 0) {
    ADD_FAILURE() << "pipe failed";
    return;
  }
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp("node", argv.data());
    _exit(127);
  }
  close(out[1]);
  // Azurite prints "Azurite Blob service successfully listens on http://127.0.0.1:<port>"
  // once it accepts connections; read until then (or until it exits).
  FILE* f = fdopen(out[0], "r");
  std::string seen;
  char line[4096];
  bool ready = false;
  while (!ready && std::fgets(line, sizeof line, f)) {
    seen += line;
    ready = std::string(line).find("listens on") != std::string::npos ||
            std::string(line).find("listening") != std::string::npos;
  }
  if (!ready) {
    ADD_FAILURE() << "Azurite did not start:\n" << seen;
    std::fclose(f);
    return;
  }
  // Keep draining its output on a detached reader so Azurite never blocks on a full pipe.
  std::thread([f] {
    char buf[4096];
    while (std::fgets(buf, sizeof buf, f)) {
    }
    std::fclose(f);
  }).detach();
}

AzuriteProcess::~AzuriteProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

}  // namespace focusd::testing
