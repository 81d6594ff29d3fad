#include <gtest/gtest.h>

#include <regex>

#include "catalog/catalog.h"

namespace focusd {
namespace {

class TokenRowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = DuckDatabase::Open(":memory:");
    ASSERT_TRUE(db.ok());
    db_ = *db;
    auto cipher =
        SecretCipher::FromKey(SecretString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    ASSERT_TRUE(cipher.ok());
    auto cat = Catalog::Open(db_, *cipher);
    ASSERT_TRUE(cat.ok());
    catalog_ = std::move(cat).value();
  }
  std::shared_ptr<DuckDatabase> db_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(TokenRowsTest, CreatedTokenVerifiesAndOthersDoNot) {
  EXPECT_EQ(*catalog_->TokenCount(), 0);
  auto t = catalog_->CreateToken("ci");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_TRUE(std::regex_match(*t, std::regex("fcd_[0-9a-f]{64}"))) << *t;
  EXPECT_TRUE(*catalog_->VerifyToken(*t));

  std::string altered = *t;
  altered.back() = altered.back() == '0' ? '1' : '0';
  EXPECT_FALSE(*catalog_->VerifyToken(altered));
  EXPECT_FALSE(*catalog_->VerifyToken(""));
  EXPECT_FALSE(*catalog_->VerifyToken(t->substr(4)));  // without the prefix
  EXPECT_FALSE(*catalog_->VerifyToken(*t + "0"));
  EXPECT_FALSE(*catalog_->VerifyToken("fcd_' OR 1=1 --"));

  auto t2 = catalog_->CreateToken("ci");  // names need not be unique
  ASSERT_TRUE(t2.ok());
  EXPECT_NE(*t, *t2);
  EXPECT_TRUE(*catalog_->VerifyToken(*t2));
  EXPECT_EQ(*catalog_->TokenCount(), 2);
}

TEST_F(TokenRowsTest, OnlyTheHashIsStored) {
  auto t = catalog_->CreateToken("admin");
  ASSERT_TRUE(t.ok());
  auto conn = db_->Connect();
  ASSERT_TRUE(conn.ok());
  auto r = (*conn)->Query("SELECT * FROM catalog_tokens");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->row_count(), 1u);
  std::string hex = t->substr(4);
  for (size_t c = 0; c < r->column_count(); ++c) EXPECT_EQ(r->Text(0, c).find(hex), std::string::npos);
  // sha256("fcd_...") as stored, checked against DuckDB's own SHA-256.
  auto h = (*conn)->Query("SELECT sha256(?) = (SELECT sha256 FROM catalog_tokens)", {*t});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->Text(0, 0), "true");
}

TEST_F(TokenRowsTest, NameIsRequired) {
  auto t = catalog_->CreateToken(" ");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().field(), "name");
  EXPECT_EQ(*catalog_->TokenCount(), 0);
}

}  // namespace
}  // namespace focusd
