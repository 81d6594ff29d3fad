// RSA key helpers shared by the OCI signer, secret validation, demo data and tests.
#pragma once

#include <string>

#include "core/status.h"

namespace focusd {

// A new RSA private key as PKCS#8 PEM.
Result<std::string> GenerateRsaPrivateKeyPem(int bits = 2048);
// OCI's API-key fingerprint: MD5 of the DER SubjectPublicKeyInfo, as "aa:bb:...". `passphrase`
// decrypts an encrypted PEM. Errors never include the key text.
Result<std::string> RsaPublicKeyFingerprint(const std::string& private_key_pem, const std::string& passphrase = "");

}  // namespace focusd
