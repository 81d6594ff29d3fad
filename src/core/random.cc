#include "core/random.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace focusd {

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(bytes)) != 1) {
    // No entropy means no safe ids or keys: this is not recoverable.
    throw std::runtime_error("RAND_bytes failed");
  }
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char b : buf) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

std::string RandomId(const std::string& prefix) { return prefix + "_" + RandomHex(8); }

}  // namespace focusd
