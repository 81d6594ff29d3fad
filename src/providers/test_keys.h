// Test helpers for src/providers: private keys generated with OpenSSL at test time (no key
// material lives in the repository), written in the PEM forms users paste.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace focusd::testing {

using PKey = std::shared_ptr<EVP_PKEY>;

inline PKey NewRsaKey() {
  EVP_PKEY* k = EVP_RSA_gen(2048);
  if (k == nullptr) throw std::runtime_error("EVP_RSA_gen failed");
  return PKey(k, EVP_PKEY_free);
}

inline PKey NewEcKey() {
  EVP_PKEY* k = EVP_EC_gen("P-256");
  if (k == nullptr) throw std::runtime_error("EVP_EC_gen failed");
  return PKey(k, EVP_PKEY_free);
}

// Keys are slow to make: the tests share two RSA keys and one EC key.
inline const PKey& RsaKey() { static const PKey k = NewRsaKey(); return k; }
inline const PKey& OtherRsaKey() { static const PKey k = NewRsaKey(); return k; }
inline const PKey& EcKey() { static const PKey k = NewEcKey(); return k; }

template <typename Write>
std::string WritePem(Write write) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (write(bio.get()) != 1) throw std::runtime_error("PEM write failed");
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

// "-----BEGIN PRIVATE KEY-----" (PKCS#8), what GCP key files and OCI's console produce.
inline std::string Pkcs8Pem(const PKey& k) {
  return WritePem([&](BIO* b) {
    return PEM_write_bio_PrivateKey(b, k.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
}

// "-----BEGIN RSA PRIVATE KEY-----" (PKCS#1), what `openssl genrsa -traditional` writes.
inline std::string TraditionalPem(const PKey& k) {
  return WritePem([&](BIO* b) {
    return PEM_write_bio_PrivateKey_traditional(b, k.get(), nullptr, nullptr, 0, nullptr,
                                                nullptr);
  });
}

// "-----BEGIN ENCRYPTED PRIVATE KEY-----" (PKCS#8, AES-256-CBC).
inline std::string EncryptedPkcs8Pem(const PKey& k, const std::string& pass) {
  return WritePem([&](BIO* b) {
    return PEM_write_bio_PKCS8PrivateKey(b, k.get(), EVP_aes_256_cbc(), pass.data(),
                                         static_cast<int>(pass.size()), nullptr, nullptr);
  });
}

// "Proc-Type: 4,ENCRYPTED" legacy PEM, what `openssl genrsa -aes256 -traditional` writes.
inline std::string LegacyEncryptedPem(const PKey& k, const std::string& pass) {
  return WritePem([&](BIO* b) {
    return PEM_write_bio_PrivateKey_traditional(
        b, k.get(), EVP_aes_256_cbc(), reinterpret_cast<const unsigned char*>(pass.data()),
        static_cast<int>(pass.size()), nullptr, nullptr);
  });
}

// The PEM's base64 body: the part of a key that must never show up in a message.
inline std::string PemBody(const std::string& pem) {
  std::string body;
  size_t pos = 0;
  while (pos < pem.size()) {
    size_t end = pem.find('\n', pos);
    if (end == std::string::npos) end = pem.size();
    std::string line = pem.substr(pos, end - pos);
    if (line.find("-----") == std::string::npos && line.find(':') == std::string::npos) {
      body += line;
    }
    pos = end + 1;
  }
  return body;
}

// The OCI fingerprint computed the way OCI documents it:
//   openssl rsa -pubout -outform DER -in key.pem | openssl md5 -c
// i.e. MD5 over the DER of the PEM "PUBLIC KEY" block, as colon-separated lowercase hex.
inline std::string OciFingerprint(const PKey& k) {
  std::string pub = WritePem([&](BIO* b) { return PEM_write_bio_PUBKEY(b, k.get()); });
  std::string b64 = PemBody(pub);
  std::string der(b64.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(der.data()),
                          reinterpret_cast<const unsigned char*>(b64.data()),
                          static_cast<int>(b64.size()));
  if (n < 0) throw std::runtime_error("base64 decode failed");
  size_t pad = b64.size() - b64.find_last_not_of('=') - 1;  // DecodeBlock keeps padding zeros
  der.resize(static_cast<size_t>(n) - pad);
  unsigned char md[EVP_MAX_MD_SIZE];
  size_t md_len = 0;
  if (!EVP_Q_digest(nullptr, "MD5", nullptr, der.data(), der.size(), md, &md_len)) {
    throw std::runtime_error("MD5 failed");
  }
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < md_len; ++i) {
    if (i) out += ':';
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out;
}

}  // namespace focusd::testing
