// Reads a PEM private key with OpenSSL, to check the keys users paste into secrets (GCP
// service account keys, OCI API signing keys) when they are saved, not at the first sync.
#pragma once

#include <string>

#include "core/secret_string.h"

namespace focusd {

struct PrivateKeyInfo {
  bool is_rsa = false;
  // MD5 of the public key's DER SubjectPublicKeyInfo as 16 lowercase colon-separated hex
  // pairs: the fingerprint OCI shows for an API key. Derived from the public half only.
  std::string public_key_md5_fingerprint;
};

enum class PrivateKeyError {
  kNone,
  kNotPem,            // no "-----BEGIN ... PRIVATE KEY-----" block
  kNeedsPassphrase,   // encrypted and no passphrase given
  kWrongPassphrase,   // encrypted and the passphrase does not decrypt it
  kUnreadable,        // PEM framing present but no valid key (unparsable or inconsistent)
};

// Parses `pem` (PKCS#1, PKCS#8 or encrypted PKCS#8 / legacy encrypted PEM). `passphrase`
// may be empty. Never reports any part of the key: the error is only a category.
PrivateKeyError InspectPrivateKeyPem(const SecretString& pem, const SecretString& passphrase,
                                     PrivateKeyInfo* info);

}  // namespace focusd
