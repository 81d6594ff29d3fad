#include "providers/private_key_pem.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstring>
#include <memory>

namespace focusd {
namespace {

struct PassphraseRequest {
  const std::string* passphrase;
  bool asked = false;
};

// OpenSSL asks for the passphrase only when the key is encrypted: remembering that it asked
// tells "needs a passphrase" and "wrong passphrase" apart.
int PassphraseCallback(char* buf, int size, int /*rwflag*/, void* userdata) {
  auto* request = static_cast<PassphraseRequest*>(userdata);
  request->asked = true;
  const std::string& pass = *request->passphrase;
  if (pass.empty() || pass.size() > static_cast<size_t>(size)) return -1;
  std::memcpy(buf, pass.data(), pass.size());
  return static_cast<int>(pass.size());
}

std::string Md5Fingerprint(EVP_PKEY* pkey) {
  unsigned char* der = nullptr;
  int der_len = i2d_PUBKEY(pkey, &der);
  if (der_len <= 0) return "";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  int ok = EVP_Digest(der, static_cast<size_t>(der_len), digest, &digest_len, EVP_md5(), nullptr);
  OPENSSL_free(der);
  if (ok != 1) return "";
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < digest_len; ++i) {
    if (i) out.push_back(':');
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

}  // namespace

PrivateKeyError InspectPrivateKeyPem(const SecretString& pem, const SecretString& passphrase,
                                     PrivateKeyInfo* info) {
  const std::string& text = pem.Reveal();
  if (text.find("-----BEGIN") == std::string::npos ||
      text.find("PRIVATE KEY-----") == std::string::npos) {
    return PrivateKeyError::kNotPem;
  }
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), BIO_free);
  if (!bio) return PrivateKeyError::kUnreadable;
  PassphraseRequest request{&passphrase.Reveal()};
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, PassphraseCallback, &request), EVP_PKEY_free);
  // The error queue only holds OpenSSL's reason codes, but it must not leak into later,
  // unrelated OpenSSL calls on this thread.
  ERR_clear_error();
  if (!pkey) {
    if (request.asked) {
      return passphrase.empty() ? PrivateKeyError::kNeedsPassphrase
                                : PrivateKeyError::kWrongPassphrase;
    }
    return PrivateKeyError::kUnreadable;
  }
  // Parsing only checks the DER structure: a key with a damaged modulus or exponent still
  // parses. The full key check catches it now rather than at the first failed sync.
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr), EVP_PKEY_CTX_free);
  bool consistent = ctx && EVP_PKEY_check(ctx.get()) == 1;
  ERR_clear_error();
  if (!consistent) return PrivateKeyError::kUnreadable;
  info->is_rsa = EVP_PKEY_get_base_id(pkey.get()) == EVP_PKEY_RSA;
  info->public_key_md5_fingerprint = Md5Fingerprint(pkey.get());
  return PrivateKeyError::kNone;
}

}  // namespace focusd
