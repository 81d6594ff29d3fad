#include "catalog/secret_cipher.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/random.h"

namespace focusd {
namespace {

namespace fs = std::filesystem;

const char* kHexKeyA = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const char* kHexKeyB = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
// base64 of the 32 bytes 0x00..0x1f, i.e. the same key as kHexKeyA.
const char* kB64KeyA = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

SecretCipher Cipher(const char* key) {
  auto c = SecretCipher::FromKey(SecretString(key));
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return *c;
}

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("focusd_cipher_" + RandomHex(6))) {}
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(SecretCipherTest, RoundTripWithLayout) {
  SecretCipher c = Cipher(kHexKeyA);
  std::string plaintext = R"({"client_secret":"s3cr3t-value"})";
  auto ct = c.Encrypt(plaintext, "sec_0001");
  ASSERT_TRUE(ct.ok()) << ct.status().ToString();
  ASSERT_EQ(ct->size(), 1 + 12 + plaintext.size() + 16);
  EXPECT_EQ(static_cast<unsigned char>((*ct)[0]), 0x01);
  EXPECT_EQ(ct->find("s3cr3t"), std::string::npos);
  auto pt = c.Decrypt(*ct, "sec_0001");
  ASSERT_TRUE(pt.ok()) << pt.status().ToString();
  EXPECT_EQ(*pt, plaintext);
}

TEST(SecretCipherTest, EmptyPlaintextRoundTrips) {
  SecretCipher c = Cipher(kHexKeyA);
  auto ct = c.Encrypt("", "id");
  ASSERT_TRUE(ct.ok());
  auto pt = c.Decrypt(*ct, "id");
  ASSERT_TRUE(pt.ok());
  EXPECT_EQ(*pt, "");
}

TEST(SecretCipherTest, FreshNonceEachTime) {
  SecretCipher c = Cipher(kHexKeyA);
  auto a = c.Encrypt("same", "id");
  auto b = c.Encrypt("same", "id");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(SecretCipherTest, HexAndBase64NameTheSameKey) {
  auto ct = Cipher(kHexKeyA).Encrypt("hello", "id");
  ASSERT_TRUE(ct.ok());
  auto pt = Cipher(kB64KeyA).Decrypt(*ct, "id");
  ASSERT_TRUE(pt.ok()) << pt.status().ToString();
  EXPECT_EQ(*pt, "hello");
  // Upper-case hex, surrounding whitespace and unpadded base64 are accepted too.
  std::string upper = kHexKeyA;
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_TRUE(Cipher(("  " + upper + "\n").c_str()).Decrypt(*ct, "id").ok());
  std::string unpadded = kB64KeyA;
  unpadded.pop_back();
  EXPECT_TRUE(Cipher(unpadded.c_str()).Decrypt(*ct, "id").ok());
}

TEST(SecretCipherTest, TamperedCiphertextIsRefused) {
  SecretCipher c = Cipher(kHexKeyA);
  auto ct = c.Encrypt("payload", "sec_1");
  ASSERT_TRUE(ct.ok());
  for (size_t i = 0; i < ct->size(); ++i) {
    std::string bad = *ct;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    auto pt = c.Decrypt(bad, "sec_1");
    EXPECT_FALSE(pt.ok()) << "flipped byte " << i;
  }
  auto truncated = c.Decrypt(ct->substr(0, 20), "sec_1");
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), StatusCode::kDataLoss);
}

TEST(SecretCipherTest, WrongAadIsRefused) {
  SecretCipher c = Cipher(kHexKeyA);
  auto ct = c.Encrypt("payload", "sec_1");
  ASSERT_TRUE(ct.ok());
  auto pt = c.Decrypt(*ct, "sec_2");
  ASSERT_FALSE(pt.ok());
  EXPECT_EQ(pt.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(pt.status().message().find("wrong master key"), std::string::npos);
}

TEST(SecretCipherTest, WrongKeyIsRefused) {
  auto ct = Cipher(kHexKeyA).Encrypt("payload", "sec_1");
  ASSERT_TRUE(ct.ok());
  auto pt = Cipher(kHexKeyB).Decrypt(*ct, "sec_1");
  ASSERT_FALSE(pt.ok());
  EXPECT_EQ(pt.status().message().find("payload"), std::string::npos);
}

TEST(SecretCipherTest, BadKeysAreRefused) {
  for (const char* bad : {"", "abc", "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e",  // 31 bytes
                          "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gIQ==",               // 34 bytes
                          "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh!="}) {
    EXPECT_FALSE(SecretCipher::FromKey(SecretString(bad)).ok()) << bad;
  }
}

TEST(SecretCipherTest, BadEnvironmentKeyIsClearAndDoesNotEchoIt) {
  TempDir dir;
  std::string bad = "my-very-secret-passphrase-ABC123";
  auto c = SecretCipher::FromEnvironmentOrKeyFile({{"FOCUSD_MASTER_KEY", bad}}, dir.path().string());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status().field(), "FOCUSD_MASTER_KEY");
  std::string text = c.status().ToString();
  EXPECT_NE(text.find("FOCUSD_MASTER_KEY"), std::string::npos);
  EXPECT_NE(text.find("64 hex"), std::string::npos);
  EXPECT_EQ(text.find(bad), std::string::npos);
  EXPECT_EQ(text.find("passphrase"), std::string::npos);
  // A bad environment key never falls back to (or creates) a key file.
  EXPECT_FALSE(fs::exists(dir.path() / "master.key"));
}

TEST(SecretCipherTest, EnvironmentKeyWins) {
  TempDir dir;
  auto from_env = SecretCipher::FromEnvironmentOrKeyFile({{"FOCUSD_MASTER_KEY", kB64KeyA}}, dir.path().string());
  ASSERT_TRUE(from_env.ok()) << from_env.status().ToString();
  EXPECT_FALSE(fs::exists(dir.path() / "master.key"));
  auto ct = from_env->Encrypt("x", "id");
  ASSERT_TRUE(ct.ok());
  EXPECT_TRUE(Cipher(kHexKeyA).Decrypt(*ct, "id").ok());
}

TEST(SecretCipherTest, KeyFileIsCreatedPrivateAndReused) {
  TempDir dir;
  fs::path data_dir = dir.path() / "nested" / "data";  // created when missing
  auto first = SecretCipher::FromEnvironmentOrKeyFile({}, data_dir.string());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  fs::path key_file = data_dir / "master.key";
  ASSERT_TRUE(fs::exists(key_file));
  struct stat st {};
  ASSERT_EQ(::stat(key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string content = ReadFile(key_file);
  EXPECT_EQ(content.size(), 65u);  // 64 hex chars and a newline

  auto ct = first->Encrypt("kept across restarts", "sec_9");
  ASSERT_TRUE(ct.ok());
  auto second = SecretCipher::FromEnvironmentOrKeyFile({{"FOCUSD_MASTER_KEY", ""}}, data_dir.string());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(ReadFile(key_file), content);  // not regenerated
  auto pt = second->Decrypt(*ct, "sec_9");
  ASSERT_TRUE(pt.ok()) << pt.status().ToString();
  EXPECT_EQ(*pt, "kept across restarts");
  // No temporary files are left behind.
  int files = 0;
  for (const auto& e : fs::directory_iterator(data_dir)) files += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 1);
}

TEST(SecretCipherTest, GroupReadableKeyFileIsRefusedByName) {
  TempDir dir;
  ASSERT_TRUE(SecretCipher::FromEnvironmentOrKeyFile({}, dir.path().string()).ok());
  fs::path key_file = dir.path() / "master.key";
  ASSERT_EQ(::chmod(key_file.c_str(), 0640), 0);
  auto c = SecretCipher::FromEnvironmentOrKeyFile({}, dir.path().string());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(c.status().message().find(key_file.string()), std::string::npos);
  EXPECT_NE(c.status().message().find("chmod 600"), std::string::npos);
}

TEST(SecretCipherTest, CorruptKeyFileIsRefusedWithoutShowingIt) {
  TempDir dir;
  fs::create_directories(dir.path());
  fs::path key_file = dir.path() / "master.key";
  {
    std::ofstream out(key_file);
    out << "not-a-key-but-private-looking-text\n";
  }
  ASSERT_EQ(::chmod(key_file.c_str(), 0600), 0);
  auto c = SecretCipher::FromEnvironmentOrKeyFile({}, dir.path().string());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find(key_file.string()), std::string::npos);
  EXPECT_EQ(c.status().ToString().find("private-looking"), std::string::npos);
  EXPECT_EQ(ReadFile(key_file), "not-a-key-but-private-looking-text\n");  // left untouched
}

}  // namespace
}  // namespace focusd
