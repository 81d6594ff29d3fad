// Runs Azurite's Blob service (node_modules/.bin/azurite-blob, pinned in package.json) on a
// free loopback port with a fresh data directory, for end-to-end tests of the Azure store.
// Synchronizes on the line Azurite prints when it listens (no sleeps); stops it by PID.
#pragma once

#include <sys/types.h>

#include <string>

#include "core/status.h"

namespace focusd::testing {

// Azurite's well-known development account and key (published in the Azurite docs).
inline constexpr const char* kAzuriteAccount = "devstoreaccount1";
inline constexpr const char* kAzuriteKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

struct AzuriteOptions {
  // With both set, Azurite serves HTTPS with this certificate.
  std::string cert_path;
  std::string key_path;
  bool oauth_basic = false;  // --oauth basic (needs HTTPS)
};

class AzuriteProcess {
 public:
  // Starts Azurite with its data in `dir`. Aborts the test when it cannot start.
  explicit AzuriteProcess(const std::string& dir, const AzuriteOptions& options = {});
  ~AzuriteProcess();
  AzuriteProcess(const AzuriteProcess&) = delete;
  AzuriteProcess& operator=(const AzuriteProcess&) = delete;

  // Path-style blob endpoint: "http(s)://127.0.0.1:<port>/devstoreaccount1".
  const std::string& blob_endpoint() const { return blob_endpoint_; }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string blob_endpoint_;
};

}  // namespace focusd::testing
