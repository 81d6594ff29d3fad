#include <gtest/gtest.h>

#include "catalog/catalog.h"

namespace focusd {
namespace {

class ConnectorRowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = DuckDatabase::Open(":memory:");
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto cipher =
        SecretCipher::FromKey(SecretString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    ASSERT_TRUE(cipher.ok());
    auto cat = Catalog::Open(*db, *cipher);
    ASSERT_TRUE(cat.ok()) << cat.status().ToString();
    catalog_ = std::move(cat).value();
  }

  Connector Make(const std::string& name, Provider p = Provider::kAws) {
    Connector c;
    c.name = name;
    c.provider = p;
    c.fields = {{"account_id", "123456789012"}, {"external_id", "focusd-abc"}};
    return c;
  }

  std::string AzureSecret(const std::string& name) {
    auto s = catalog_->CreateSecret(name, Provider::kAzure, "azure_sas", {{"sas_token", "sv=1&sig=x"}});
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? s->id : "";
  }

  std::unique_ptr<Catalog> catalog_;
};

TEST_F(ConnectorRowsTest, CreateAssignsIdAndTimesAndReadsBack) {
  auto c = catalog_->CreateConnector(Make("Prod AWS"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->id.rfind("con_", 0), 0u);
  EXPECT_EQ(c->id.size(), 4u + 16u);
  EXPECT_EQ(c->status, "New");
  EXPECT_FALSE(c->created_at.empty());
  EXPECT_EQ(c->created_at, c->updated_at);
  EXPECT_FALSE(c->last_sync_at.has_value());

  auto by_id = catalog_->GetConnector(c->id);
  ASSERT_TRUE(by_id.ok()) << by_id.status().ToString();
  EXPECT_EQ(by_id->name, "Prod AWS");
  EXPECT_EQ(by_id->type, "FOCUS");
  EXPECT_EQ(by_id->provider, Provider::kAws);
  EXPECT_EQ(by_id->fields["account_id"], "123456789012");
  EXPECT_FALSE(by_id->secret_id.has_value());
  EXPECT_EQ(by_id->created_at, c->created_at);

  auto by_name = catalog_->GetConnector("prod aws");  // names match without regard to case
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->id, c->id);
}

TEST_F(ConnectorRowsTest, GetUnknownIsNotFound) {
  auto c = catalog_->GetConnector("con_0000000000000000");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->GetConnector("nobody").status().code(), StatusCode::kNotFound);
}

TEST_F(ConnectorRowsTest, ListIsOrderedByName) {
  ASSERT_TRUE(catalog_->CreateConnector(Make("beta")).ok());
  ASSERT_TRUE(catalog_->CreateConnector(Make("Alpha")).ok());
  ASSERT_TRUE(catalog_->CreateConnector(Make("gamma", Provider::kGcp)).ok());
  auto list = catalog_->ListConnectors();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].name, "Alpha");
  EXPECT_EQ((*list)[1].name, "beta");
  EXPECT_EQ((*list)[2].name, "gamma");
  EXPECT_EQ((*list)[2].provider, Provider::kGcp);
}

TEST_F(ConnectorRowsTest, DuplicateNameIgnoringCaseIsRefused) {
  ASSERT_TRUE(catalog_->CreateConnector(Make("Prod AWS")).ok());
  auto dup = catalog_->CreateConnector(Make("PROD aws", Provider::kOci));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.status().field(), "name");
  EXPECT_NE(dup.status().message().find("PROD aws"), std::string::npos);
  EXPECT_EQ(catalog_->ListConnectors()->size(), 1u);
}

TEST_F(ConnectorRowsTest, BadShapeNamesTheField) {
  Connector c = Make("  ");
  EXPECT_EQ(catalog_->CreateConnector(c).status().field(), "name");
  c = Make("x");
  c.fields = nlohmann::json::array();
  EXPECT_EQ(catalog_->CreateConnector(c).status().field(), "fields");
  c = Make("x");
  c.status = "Sleeping";
  EXPECT_EQ(catalog_->CreateConnector(c).status().field(), "status");
  EXPECT_EQ(catalog_->ListConnectors()->size(), 0u);
}

TEST_F(ConnectorRowsTest, SecretMustExistAndMatchProvider) {
  std::string azure_secret = AzureSecret("azure-sas");
  Connector aws = Make("aws");
  aws.secret_id = azure_secret;
  auto wrong_provider = catalog_->CreateConnector(aws);
  ASSERT_FALSE(wrong_provider.ok());
  EXPECT_EQ(wrong_provider.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(wrong_provider.status().field(), "secret_id");
  EXPECT_NE(wrong_provider.status().message().find("Azure"), std::string::npos);

  Connector azure = Make("azure", Provider::kAzure);
  azure.secret_id = "sec_doesnotexist00";
  auto missing = catalog_->CreateConnector(azure);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().field(), "secret_id");

  azure.secret_id = "";  // what a form sends for "no secret"
  auto none = catalog_->CreateConnector(azure);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_FALSE(none->secret_id.has_value());
  ASSERT_TRUE(catalog_->DeleteConnector(none->id).ok());

  azure.secret_id = azure_secret;
  auto ok = catalog_->CreateConnector(azure);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(catalog_->GetConnector(ok->id)->secret_id, azure_secret);
}

TEST_F(ConnectorRowsTest, UpdateReplacesEditableAttributes) {
  auto created = catalog_->CreateConnector(Make("Old Name", Provider::kAzure));
  ASSERT_TRUE(created.ok());
  std::string secret = AzureSecret("sas");
  Connector edit = *created;
  edit.name = "New Name";
  edit.fields = {{"storage_account", "acct"}};
  edit.secret_id = secret;
  edit.status = "Healthy";
  edit.provider = Provider::kOci;  // not editable: ignored
  edit.created_at = "1999-01-01T00:00:00Z";
  auto updated = catalog_->UpdateConnector(edit);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  auto got = catalog_->GetConnector(created->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "New Name");
  EXPECT_EQ(got->fields, nlohmann::json({{"storage_account", "acct"}}));
  EXPECT_EQ(got->secret_id, secret);
  EXPECT_EQ(got->status, "Healthy");
  EXPECT_EQ(got->provider, Provider::kAzure);
  EXPECT_EQ(got->created_at, created->created_at);
  EXPECT_GE(got->updated_at, created->updated_at);
  EXPECT_EQ(catalog_->GetConnector("old name").status().code(), StatusCode::kNotFound);

  // Changing only the case of its own name is not a clash with itself.
  edit = *got;
  edit.name = "NEW NAME";
  ASSERT_TRUE(catalog_->UpdateConnector(edit).ok());
  EXPECT_EQ(catalog_->GetConnector(created->id)->name, "NEW NAME");
  // Dropping the secret reference.
  edit.secret_id.reset();
  ASSERT_TRUE(catalog_->UpdateConnector(edit).ok());
  EXPECT_FALSE(catalog_->GetConnector(created->id)->secret_id.has_value());
}

TEST_F(ConnectorRowsTest, UpdateRefusesTakenNameAndKeepsRow) {
  auto a = catalog_->CreateConnector(Make("first"));
  auto b = catalog_->CreateConnector(Make("second"));
  ASSERT_TRUE(a.ok() && b.ok());
  Connector edit = *b;
  edit.name = "FIRST";
  edit.fields = {{"changed", true}};
  auto r = catalog_->UpdateConnector(edit);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(r.status().field(), "name");
  auto kept = catalog_->GetConnector(b->id);
  EXPECT_EQ(kept->name, "second");
  EXPECT_EQ(kept->fields, b->fields);

  edit = *b;
  edit.id = "con_ffffffffffffffff";
  EXPECT_EQ(catalog_->UpdateConnector(edit).status().code(), StatusCode::kNotFound);
}

TEST_F(ConnectorRowsTest, SetStatusTouchesOnlyStatus) {
  auto c = catalog_->CreateConnector(Make("aws"));
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(catalog_->SetConnectorStatus(c->id, "Syncing", "downloading", std::nullopt).ok());
  auto got = catalog_->GetConnector(c->id);
  EXPECT_EQ(got->status, "Syncing");
  EXPECT_EQ(got->status_message, "downloading");
  EXPECT_FALSE(got->last_sync_at.has_value());

  ASSERT_TRUE(catalog_->SetConnectorStatus(c->id, "Healthy", "", "2026-11-25T08:00:00Z").ok());
  ASSERT_TRUE(catalog_->SetConnectorStatus(c->id, "Warning", "3 rows skipped", std::nullopt).ok());
  got = catalog_->GetConnector(c->id);
  EXPECT_EQ(got->status, "Warning");
  EXPECT_EQ(got->last_sync_at, "2026-11-25T08:00:00Z");  // kept when not given
  EXPECT_EQ(got->name, "aws");
  EXPECT_EQ(got->fields, c->fields);
  EXPECT_EQ(got->updated_at, c->updated_at);

  EXPECT_EQ(catalog_->SetConnectorStatus(c->id, "Bogus", "", std::nullopt).field(), "status");
  EXPECT_EQ(catalog_->SetConnectorStatus("con_nope", "Error", "", std::nullopt).code(), StatusCode::kNotFound);
}

TEST_F(ConnectorRowsTest, DeleteRemovesAndFreesTheName) {
  auto c = catalog_->CreateConnector(Make("temp"));
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(catalog_->DeleteConnector(c->id).ok());
  EXPECT_EQ(catalog_->GetConnector(c->id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->DeleteConnector(c->id).code(), StatusCode::kNotFound);
  EXPECT_TRUE(catalog_->CreateConnector(Make("TEMP")).ok());
}

TEST_F(ConnectorRowsTest, NamesWithQuotesAreData) {
  auto c = catalog_->CreateConnector(Make("o'brien\"; DROP TABLE catalog_connectors; --"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(catalog_->GetConnector("O'BRIEN\"; drop table catalog_connectors; --").ok());
}

TEST_F(ConnectorRowsTest, ConnectorJsonHasEveryAttribute) {
  auto c = catalog_->CreateConnector(Make("json"));
  ASSERT_TRUE(c.ok());
  nlohmann::json j = ConnectorToJson(*c);
  for (const char* key : {"id", "name", "type", "provider", "fields", "secret_id", "status", "status_message",
                          "last_sync_at", "created_at", "updated_at"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j.size(), 11u);
  EXPECT_EQ(j["provider"], "AWS");
  EXPECT_TRUE(j["secret_id"].is_null());
  EXPECT_TRUE(j["last_sync_at"].is_null());
  EXPECT_EQ(j["fields"]["account_id"], "123456789012");
}

}  // namespace
}  // namespace focusd
