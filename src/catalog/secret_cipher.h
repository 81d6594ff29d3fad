// AES-256-GCM encryption of secret values under the master key, and where that key comes
// from: FOCUSD_MASTER_KEY (64 hex chars, or base64 of 32 bytes) or, when unset, a key file
// "<data_dir>/master.key" created with mode 0600 at first start.
#pragma once

#include <array>
#include <map>
#include <string>

#include "core/secret_string.h"
#include "core/status.h"

namespace focusd {

class SecretCipher {
 public:
  // Loads the master key from the environment, or from/into the key file under data_dir.
  static Result<SecretCipher> FromEnvironmentOrKeyFile(const std::map<std::string, std::string>& env,
                                                       const std::string& data_dir);
  static Result<SecretCipher> FromKey(const SecretString& key_text);  // hex or base64

  // Ciphertext layout: version byte 0x01 | 12-byte random nonce | ciphertext | 16-byte tag.
  // `aad` binds the ciphertext to its record (the secret id), so rows cannot be swapped.
  Result<std::string> Encrypt(const std::string& plaintext, const std::string& aad) const;
  // A wrong key, a tampered ciphertext or a different aad is an error (never garbage).
  Result<std::string> Decrypt(const std::string& ciphertext, const std::string& aad) const;

  SecretCipher(const SecretCipher&) = default;
  SecretCipher& operator=(const SecretCipher&) = default;
  ~SecretCipher();  // wipes the key

 private:
  SecretCipher() = default;
  std::array<unsigned char, 32> key_{};
};

}  // namespace focusd
