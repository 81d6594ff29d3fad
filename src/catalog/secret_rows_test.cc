#include <gtest/gtest.h>

#include "catalog/catalog.h"

namespace focusd {
namespace {

constexpr const char* kMarker = "PLAINTEXT-MARKER-7f3a9c";

class SecretRowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = DuckDatabase::Open(":memory:");
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = *db;
    auto cipher =
        SecretCipher::FromKey(SecretString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    ASSERT_TRUE(cipher.ok());
    auto cat = Catalog::Open(db_, *cipher);
    ASSERT_TRUE(cat.ok()) << cat.status().ToString();
    catalog_ = std::move(cat).value();
  }

  nlohmann::json Value() {
    return {{"tenant_id", "t-1"}, {"client_id", "c-1"}, {"client_secret", std::string(kMarker)}};
  }

  // Every cell of every catalog table, as DuckDB renders it.
  std::string AllCatalogText() {
    auto conn = db_->Connect();
    EXPECT_TRUE(conn.ok());
    std::string text;
    for (const char* table : {"catalog_secrets", "catalog_connectors", "catalog_tokens"}) {
      auto r = (*conn)->Query(std::string("SELECT * FROM ") + table);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      for (size_t i = 0; i < r->row_count(); ++i)
        for (size_t c = 0; c < r->column_count(); ++c) text += r->Text(i, c) + "\n";
    }
    return text;
  }

  std::shared_ptr<DuckDatabase> db_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(SecretRowsTest, CreateAndListNeverShowTheValue) {
  auto s = catalog_->CreateSecret("azure-sp", Provider::kAzure, "azure_service_principal", Value());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->id.rfind("sec_", 0), 0u);
  EXPECT_EQ(s->name, "azure-sp");
  EXPECT_EQ(s->provider, Provider::kAzure);
  EXPECT_EQ(s->kind, "azure_service_principal");
  EXPECT_FALSE(s->created_at.empty());
  EXPECT_TRUE(s->used_by.empty());

  auto list = catalog_->ListSecrets();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  nlohmann::json j = SecretInfoToJson(list->front());
  EXPECT_EQ(j, nlohmann::json({{"id", s->id},
                               {"name", "azure-sp"},
                               {"provider", "Azure"},
                               {"kind", "azure_service_principal"},
                               {"created_at", s->created_at},
                               {"used_by", nlohmann::json::array()}}));
  EXPECT_EQ(j.dump().find(kMarker), std::string::npos);

  auto by_name = catalog_->GetSecret("azure-sp");
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->id, s->id);
  EXPECT_EQ(catalog_->GetSecret(s->id)->name, "azure-sp");
  EXPECT_EQ(catalog_->GetSecret("other").status().code(), StatusCode::kNotFound);
}

TEST_F(SecretRowsTest, DatabaseHoldsNoPlaintext) {
  ASSERT_TRUE(catalog_->CreateSecret("azure-sp", Provider::kAzure, "azure_service_principal", Value()).ok());
  std::string text = AllCatalogText();
  EXPECT_NE(text.find("azure-sp"), std::string::npos);  // the scan does see the row
  EXPECT_EQ(text.find(kMarker), std::string::npos);
  EXPECT_EQ(text.find("client_secret"), std::string::npos);
  EXPECT_EQ(text.find("tenant_id"), std::string::npos);
  // The value is stored as a BLOB in the SecretCipher layout: version | nonce | body | tag.
  auto conn = db_->Connect();
  ASSERT_TRUE(conn.ok());
  auto r = (*conn)->Query("SELECT typeof(ciphertext), octet_length(ciphertext) FROM catalog_secrets");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Text(0, 0), "BLOB");
  EXPECT_EQ(r->Int(0, 1), static_cast<int64_t>(1 + 12 + Value().dump().size() + 16));
}

TEST_F(SecretRowsTest, RevealRoundTrip) {
  auto s = catalog_->CreateSecret("azure-sp", Provider::kAzure, "azure_service_principal", Value());
  ASSERT_TRUE(s.ok());
  auto v = catalog_->RevealSecret(s->id);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, Value());
  EXPECT_EQ(catalog_->RevealSecret("sec_0000000000000000").status().code(), StatusCode::kNotFound);
}

TEST_F(SecretRowsTest, SwappedCiphertextIsRefused) {
  // Rows cannot be swapped: each ciphertext is bound to its own secret id.
  auto a = catalog_->CreateSecret("a", Provider::kAzure, "azure_sas", {{"sas_token", kMarker}});
  auto b = catalog_->CreateSecret("b", Provider::kAzure, "azure_sas", {{"sas_token", "other"}});
  ASSERT_TRUE(a.ok() && b.ok());
  auto conn = db_->Connect();
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE((*conn)
                  ->Query("UPDATE catalog_secrets SET ciphertext = (SELECT ciphertext FROM catalog_secrets "
                          "WHERE id = ?) WHERE id = ?",
                          {a->id, b->id})
                  .ok());
  auto v = catalog_->RevealSecret(b->id);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(v.status().ToString().find(kMarker), std::string::npos);
}

TEST_F(SecretRowsTest, DuplicateNameIsRefused) {
  ASSERT_TRUE(catalog_->CreateSecret("dup", Provider::kAzure, "azure_sas", {{"sas_token", "x"}}).ok());
  auto again = catalog_->CreateSecret("dup", Provider::kGcp, "gcp_service_account", {{"key_json", kMarker}});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.status().field(), "name");
  EXPECT_EQ(again.status().ToString().find(kMarker), std::string::npos);
  EXPECT_EQ(catalog_->ListSecrets()->size(), 1u);
}

TEST_F(SecretRowsTest, BadInputNamesTheFieldWithoutTheValue) {
  EXPECT_EQ(catalog_->CreateSecret("", Provider::kAzure, "azure_sas", {{"sas_token", "x"}}).status().field(),
            "name");
  EXPECT_EQ(catalog_->CreateSecret("n", Provider::kAzure, "", {{"sas_token", "x"}}).status().field(), "kind");
  auto not_object = catalog_->CreateSecret("n", Provider::kAzure, "azure_sas", nlohmann::json(kMarker));
  EXPECT_EQ(not_object.status().field(), "value");
  EXPECT_EQ(not_object.status().ToString().find(kMarker), std::string::npos);
  std::string bad_utf8 = std::string(kMarker) + "\xff";
  auto invalid = catalog_->CreateSecret("n", Provider::kAzure, "azure_sas", {{"sas_token", bad_utf8}});
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.status().field(), "value");
  EXPECT_EQ(invalid.status().ToString().find(kMarker), std::string::npos);
  EXPECT_TRUE(catalog_->ListSecrets()->empty());
}

TEST_F(SecretRowsTest, SecretInUseCannotBeDeleted) {
  auto s = catalog_->CreateSecret("sas", Provider::kAzure, "azure_sas", {{"sas_token", "sv=1&sig=2"}});
  ASSERT_TRUE(s.ok());
  Connector c;
  c.name = "Azure Prod";
  c.provider = Provider::kAzure;
  c.secret_id = s->id;
  auto conn = catalog_->CreateConnector(c);
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();

  auto info = catalog_->GetSecret(s->id);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->used_by, std::vector<std::string>{"Azure Prod"});

  Status del = catalog_->DeleteSecret(s->id);
  EXPECT_EQ(del.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(del.message().find("Azure Prod"), std::string::npos);
  EXPECT_TRUE(catalog_->RevealSecret(s->id).ok());  // still there

  ASSERT_TRUE(catalog_->DeleteConnector(conn->id).ok());
  ASSERT_TRUE(catalog_->DeleteSecret(s->id).ok());
  EXPECT_EQ(catalog_->GetSecret(s->id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->DeleteSecret(s->id).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace focusd
