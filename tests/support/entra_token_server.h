// A stand-in for the Microsoft Entra ID token endpoint, for tests of the service principal
// path: POST /<tenant>/oauth2/v2.0/token with the client-credentials grant. It checks tenant,
// client id, secret and scope the way Entra ID does and refuses with Entra's error shape
// ({"error", "error_description": "AADSTS...", "error_codes": [...]}):
//   unknown tenant        400 invalid_request      AADSTS90002
//   unknown client id     400 unauthorized_client  AADSTS700016
//   wrong client secret   401 invalid_client       AADSTS7000215
//   wrong scope           400 invalid_scope        AADSTS70011
//   other grant types     400 unsupported_grant_type AADSTS70003
// Tokens are unsigned-checked JWTs (Azurite's --oauth basic reads iss/aud/nbf/exp only) with
// iss https://sts.windows.net/<tenant>/ (or sts.chinacloudapi.cn) and aud https://storage.azure.com.
#pragma once

#include <httplib.h>

#include <atomic>
#include <string>
#include <thread>

namespace focusd::testing {

struct EntraTokenServerOptions {
  std::string tenant_id = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  std::string client_id = "0b4a2f3c-5d6e-4f70-8192-a3b4c5d6e7f8";
  std::string client_secret = "Qx8~testSecretValue.0123456789abcdefABCDEF";
  std::string issuer_host = "https://sts.windows.net";  // "https://sts.chinacloudapi.cn" for China
  int expires_in = 3599;
};

class EntraTokenServer {
 public:
  explicit EntraTokenServer(EntraTokenServerOptions options = {});
  ~EntraTokenServer();
  EntraTokenServer(const EntraTokenServer&) = delete;
  EntraTokenServer& operator=(const EntraTokenServer&) = delete;

  // The authority host to configure: "http://127.0.0.1:<port>".
  std::string authority_host() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int issued() const { return issued_; }
  int refused() const { return refused_; }
  const EntraTokenServerOptions& options() const { return options_; }

 private:
  EntraTokenServerOptions options_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> issued_{0};
  std::atomic<int> refused_{0};
};

}  // namespace focusd::testing
