#include "catalog/secret_cipher.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>

#include "core/random.h"

namespace focusd {
namespace {

constexpr unsigned char kVersion = 0x01;
constexpr size_t kNonceSize = 12;
constexpr size_t kTagSize = 16;
constexpr size_t kKeySize = 32;
constexpr const char* kKeyEnv = "FOCUSD_MASTER_KEY";
constexpr const char* kKeyFormats = "64 hex characters or the base64 encoding of 32 bytes";

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int Base64Digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Decodes the key text into `key`. Hex is tried first: 64 hex characters are also valid
// base64 (of 48 bytes), which is not a valid key.
bool ParseKeyText(std::string_view text, std::array<unsigned char, kKeySize>* key) {
  text = Trim(text);
  if (text.size() == 2 * kKeySize) {
    bool all_hex = true;
    for (size_t i = 0; i < kKeySize && all_hex; ++i) {
      int hi = HexDigit(text[2 * i]), lo = HexDigit(text[2 * i + 1]);
      if (hi < 0 || lo < 0) all_hex = false;
      else (*key)[i] = static_cast<unsigned char>(hi << 4 | lo);
    }
    if (all_hex) return true;
  }
  // Standard base64 of 32 bytes: 43 characters plus one optional '=' pad.
  if (text.size() == 44 && text.back() == '=') text.remove_suffix(1);
  if (text.size() != 43) return false;
  uint32_t acc = 0;
  int bits = 0;
  size_t n = 0;
  for (char c : text) {
    int d = Base64Digit(c);
    if (d < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      (*key)[n++] = static_cast<unsigned char>((acc >> bits) & 0xff);
    }
  }
  // 43 * 6 = 258 bits: 32 bytes and 2 leftover bits, which a canonical encoding leaves zero.
  return n == kKeySize && (acc & ((1u << bits) - 1)) == 0;
}

Result<std::string> ReadKeyFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return Status::IoError("cannot read master key file " + path + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    return Status::FailedPrecondition("master key file " + path + " is not a regular file");
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Status::FailedPrecondition("master key file " + path + " is accessible by group or others (mode " +
                                      mode + "); restrict it with: chmod 600 " + path);
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot read master key file " + path + ": " + std::strerror(errno));
  std::string text;
  char buf[256];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0 && text.size() < 4096) text.append(buf, static_cast<size_t>(n));
  int read_errno = errno;
  OPENSSL_cleanse(buf, sizeof buf);
  ::close(fd);
  if (n < 0) return Status::IoError("cannot read master key file " + path + ": " + std::strerror(read_errno));
  return text;
}

Status WriteAll(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(std::strerror(errno));
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return Status::IoError(std::strerror(errno));
  return Status::Ok();
}

// Creates the key file with mode 0600 holding a fresh random key, atomically: the key is
// written to a private temporary file first and then hard-linked into place, so a
// concurrent starter never reads a half-written key, and an existing key is never replaced.
// Returns false (and no error) when another process created the file first.
Result<bool> CreateKeyFile(const std::string& path) {
  SecretString content(RandomHex(kKeySize) + "\n");
  std::string tmp = path + ".tmp-" + RandomHex(6);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return Status::IoError("cannot create master key file " + path + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);  // the umask can only narrow the mode, but be explicit
  Status w = WriteAll(fd, content.Reveal());
  ::close(fd);
  if (!w.ok()) {
    ::unlink(tmp.c_str());
    return Status::IoError("cannot write master key file " + path + ": " + w.message());
  }
  int rc = ::link(tmp.c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(tmp.c_str());
  if (rc == 0) return true;
  if (link_errno == EEXIST) return false;
  // Some filesystems have no hard links: fall back to an exclusive create of the file itself.
  if (link_errno == EPERM || link_errno == ENOTSUP || link_errno == EOPNOTSUPP || link_errno == EXDEV) {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
      if (errno == EEXIST) return false;
      return Status::IoError("cannot create master key file " + path + ": " + std::strerror(errno));
    }
    ::fchmod(fd, 0600);
    w = WriteAll(fd, content.Reveal());
    ::close(fd);
    if (!w.ok()) {
      ::unlink(path.c_str());
      return Status::IoError("cannot write master key file " + path + ": " + w.message());
    }
    return true;
  }
  return Status::IoError("cannot create master key file " + path + ": " + std::strerror(link_errno));
}

}  // namespace

SecretCipher::~SecretCipher() { OPENSSL_cleanse(key_.data(), key_.size()); }

Result<SecretCipher> SecretCipher::FromKey(const SecretString& key_text) {
  SecretCipher c;
  if (!ParseKeyText(key_text.Reveal(), &c.key_))
    return Status::InvalidArgument(std::string("master key must be ") + kKeyFormats);
  return c;
}

Result<SecretCipher> SecretCipher::FromEnvironmentOrKeyFile(const std::map<std::string, std::string>& env,
                                                            const std::string& data_dir) {
  // An empty variable counts as unset (a common artifact of env files and compose defaults).
  auto it = env.find(kKeyEnv);
  if (it != env.end() && !Trim(it->second).empty()) {
    auto c = FromKey(SecretString(it->second));
    if (!c.ok())
      return Status::InvalidArgument(std::string(kKeyEnv) + " must be " + kKeyFormats +
                                         " (the value is not shown)",
                                     kKeyEnv);
    return c;
  }

  std::string dir = data_dir.empty() ? "." : data_dir;
  std::error_code ec;
  if (std::filesystem::create_directories(dir, ec)) {
    // The data directory holds the key and the billing data: keep it private.
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
  } else if (ec) {
    return Status::IoError("cannot create data directory " + dir + ": " + ec.message());
  }
  std::string path = (std::filesystem::path(dir) / "master.key").string();

  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT)
      return Status::IoError("cannot read master key file " + path + ": " + std::strerror(errno));
    ASSIGN_OR_RETURN(bool created, CreateKeyFile(path));
    (void)created;  // either way, the file now exists: read it like any other start
  }
  ASSIGN_OR_RETURN(std::string text, ReadKeyFile(path));
  SecretString key_text(std::move(text));
  auto c = FromKey(key_text);
  if (!c.ok())
    return Status::InvalidArgument("master key file " + path + " must hold " + kKeyFormats +
                                       " (the content is not shown)",
                                   path);
  return c;
}

Result<std::string> SecretCipher::Encrypt(const std::string& plaintext, const std::string& aad) const {
  if (plaintext.size() > (1u << 30) || aad.size() > (1u << 20))
    return Status::InvalidArgument("value too large to encrypt");
  std::string out(1 + kNonceSize + plaintext.size() + kTagSize, '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  p[0] = kVersion;
  unsigned char* nonce = p + 1;
  unsigned char* body = nonce + kNonceSize;
  if (RAND_bytes(nonce, kNonceSize) != 1) return Status::Internal("no randomness for a nonce");

  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key_.data(), nonce) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), body, &len, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1) {
    return Status::Internal("encryption failed");
  }
  int final_len = 0;
  if (EVP_EncryptFinal_ex(ctx.get(), body + len, &final_len) != 1 ||
      static_cast<size_t>(len + final_len) != plaintext.size() ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, body + plaintext.size()) != 1) {
    return Status::Internal("encryption failed");
  }
  return out;
}

Result<std::string> SecretCipher::Decrypt(const std::string& ciphertext, const std::string& aad) const {
  if (ciphertext.size() < 1 + kNonceSize + kTagSize)
    return Status::DataLoss("encrypted value is truncated");
  const auto* p = reinterpret_cast<const unsigned char*>(ciphertext.data());
  if (p[0] != kVersion)
    return Status::DataLoss("encrypted value has unknown format version " + std::to_string(p[0]));
  const unsigned char* nonce = p + 1;
  const unsigned char* body = nonce + kNonceSize;
  size_t body_len = ciphertext.size() - 1 - kNonceSize - kTagSize;
  const unsigned char* tag = body + body_len;

  std::string out(body_len, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1 ||
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key_.data(), nonce) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), o, &len, body, static_cast<int>(body_len)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, const_cast<unsigned char*>(tag)) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    return Status::Internal("decryption failed");
  }
  int final_len = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), o + len, &final_len) != 1) {
    // Unauthenticated output must never escape: wipe what was decrypted so far.
    OPENSSL_cleanse(out.data(), out.size());
    return Status::DataLoss(
        "encrypted value cannot be decrypted: wrong master key, or the stored value was altered");
  }
  return out;
}

}  // namespace focusd
