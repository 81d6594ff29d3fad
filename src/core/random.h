// Cryptographically random identifiers and tokens (OpenSSL RAND_bytes).
#pragma once

#include <string>

namespace focusd {

// `bytes` random bytes as lowercase hex.
std::string RandomHex(size_t bytes);
// An id such as "con_5f2c9a0b1e7d4c83": a prefix and 8 random bytes.
std::string RandomId(const std::string& prefix);

}  // namespace focusd
