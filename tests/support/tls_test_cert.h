// A throwaway self-signed TLS certificate for 127.0.0.1/localhost, made with OpenSSL at test
// time, for emulators that must speak HTTPS (Azurite with --oauth). The certificate is its
// own CA, so clients trust it by using cert_path as their CA file.
#pragma once

#include <string>

namespace focusd::testing {

struct TestCertificate {
  std::string cert_path;  // PEM certificate (also the CA file to trust)
  std::string key_path;   // PEM private key
};

// Writes cert.pem and key.pem into `dir`. Aborts the test on failure.
TestCertificate MakeSelfSignedCertificate(const std::string& dir);

}  // namespace focusd::testing
