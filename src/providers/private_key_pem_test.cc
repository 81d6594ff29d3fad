#include "providers/private_key_pem.h"

#include <gtest/gtest.h>

#include "providers/test_keys.h"

namespace focusd {
namespace {

using testing::EcKey;
using testing::RsaKey;

PrivateKeyError Inspect(const std::string& pem, const std::string& pass,
                        PrivateKeyInfo* info = nullptr) {
  PrivateKeyInfo ignored;
  return InspectPrivateKeyPem(SecretString(pem), SecretString(pass), info ? info : &ignored);
}

TEST(PrivateKeyPemTest, ReadsEveryPemFormAndComputesTheOciFingerprint) {
  std::string expected = testing::OciFingerprint(RsaKey());
  ASSERT_EQ(expected.size(), 47u);
  for (const std::string& pem :
       {testing::Pkcs8Pem(RsaKey()), testing::TraditionalPem(RsaKey()),
        testing::EncryptedPkcs8Pem(RsaKey(), "pass phrase"),
        testing::LegacyEncryptedPem(RsaKey(), "pass phrase")}) {
    PrivateKeyInfo info;
    EXPECT_EQ(Inspect(pem, "pass phrase", &info), PrivateKeyError::kNone) << pem.substr(0, 40);
    EXPECT_TRUE(info.is_rsa);
    EXPECT_EQ(info.public_key_md5_fingerprint, expected);
  }
}

TEST(PrivateKeyPemTest, PassphraseIsIgnoredForPlainKeys) {
  EXPECT_EQ(Inspect(testing::Pkcs8Pem(RsaKey()), "unused"), PrivateKeyError::kNone);
}

TEST(PrivateKeyPemTest, EncryptedKeyNeedsTheRightPassphrase) {
  for (const std::string& pem : {testing::EncryptedPkcs8Pem(RsaKey(), "right"),
                                 testing::LegacyEncryptedPem(RsaKey(), "right")}) {
    EXPECT_EQ(Inspect(pem, ""), PrivateKeyError::kNeedsPassphrase);
    EXPECT_EQ(Inspect(pem, "wrong"), PrivateKeyError::kWrongPassphrase);
  }
}

TEST(PrivateKeyPemTest, NonRsaKeysAreReadButFlagged) {
  PrivateKeyInfo info;
  EXPECT_EQ(Inspect(testing::Pkcs8Pem(EcKey()), "", &info), PrivateKeyError::kNone);
  EXPECT_FALSE(info.is_rsa);
}

TEST(PrivateKeyPemTest, GarbageIsNotAKey) {
  EXPECT_EQ(Inspect("", ""), PrivateKeyError::kNotPem);
  EXPECT_EQ(Inspect("just some text", ""), PrivateKeyError::kNotPem);
  std::string pem = testing::Pkcs8Pem(RsaKey());
  EXPECT_EQ(Inspect(pem.substr(0, pem.size() / 2) + "\n-----END PRIVATE KEY-----\n", ""),
            PrivateKeyError::kUnreadable);
  std::string corrupted = pem;
  corrupted[100] = corrupted[100] == 'A' ? 'B' : 'A';
  corrupted[101] = corrupted[101] == 'A' ? 'B' : 'A';
  // Still valid DER, but no longer a consistent RSA key.
  EXPECT_EQ(Inspect(corrupted, ""), PrivateKeyError::kUnreadable);
}

}  // namespace
}  // namespace focusd
