#include "auth/rsa_keys.h"

#include <gtest/gtest.h>

#include <regex>

namespace focusd {
namespace {

TEST(RsaKeysTest, FingerprintIsMd5OfPublicKeyAndStable) {
  auto pem = GenerateRsaPrivateKeyPem();
  ASSERT_TRUE(pem.ok());
  EXPECT_NE(pem->find("BEGIN PRIVATE KEY"), std::string::npos);
  auto fp = RsaPublicKeyFingerprint(*pem);
  ASSERT_TRUE(fp.ok()) << fp.status().ToString();
  EXPECT_TRUE(std::regex_match(*fp, std::regex("([0-9a-f]{2}:){15}[0-9a-f]{2}"))) << *fp;
  EXPECT_EQ(*fp, *RsaPublicKeyFingerprint(*pem));
  EXPECT_NE(*fp, *RsaPublicKeyFingerprint(*GenerateRsaPrivateKeyPem()));
}

TEST(RsaKeysTest, GarbageIsRefusedWithoutEchoingIt) {
  auto fp = RsaPublicKeyFingerprint("-----BEGIN PRIVATE KEY-----\nSECRETGARBAGE\n-----END PRIVATE KEY-----\n");
  ASSERT_FALSE(fp.ok());
  EXPECT_EQ(fp.status().message().find("SECRETGARBAGE"), std::string::npos);
}

}  // namespace
}  // namespace focusd
