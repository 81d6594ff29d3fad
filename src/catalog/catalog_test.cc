// The catalog as a whole: persistence in a database file, the master key, concurrency.
#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

#include "core/random.h"

namespace focusd {
namespace {

namespace fs = std::filesystem;

const char* kKeyA = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const char* kKeyB = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

class CatalogFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("focusd_catalog_" + RandomHex(6));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::unique_ptr<Catalog> OpenCatalog(const char* key) {
    auto db = DuckDatabase::Open((dir_ / "focusd.duckdb").string());
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    auto cipher = SecretCipher::FromKey(SecretString(key));
    EXPECT_TRUE(cipher.ok());
    auto cat = Catalog::Open(*db, *cipher);
    EXPECT_TRUE(cat.ok()) << cat.status().ToString();
    return cat.ok() ? std::move(cat).value() : nullptr;
  }
  fs::path dir_;
};

TEST_F(CatalogFileTest, EverythingSurvivesReopening) {
  std::string connector_id, secret_id, token;
  nlohmann::json value = {{"sas_token", "sv=2024&sig=abc"}};
  {
    auto cat = OpenCatalog(kKeyA);
    ASSERT_TRUE(cat);
    auto s = cat->CreateSecret("sas", Provider::kAzure, "azure_sas", value);
    ASSERT_TRUE(s.ok());
    secret_id = s->id;
    Connector c;
    c.name = "Azure Prod";
    c.provider = Provider::kAzure;
    c.fields = {{"storage_account", "billing"}, {"container", "exports"}};
    c.secret_id = secret_id;
    auto created = cat->CreateConnector(c);
    ASSERT_TRUE(created.ok());
    connector_id = created->id;
    ASSERT_TRUE(cat->SetConnectorStatus(connector_id, "Healthy", "ok", "2026-11-25T08:00:00Z").ok());
    auto t = cat->CreateToken("ui");
    ASSERT_TRUE(t.ok());
    token = *t;
  }  // the catalog, its connection and the database are closed here

  auto cat = OpenCatalog(kKeyA);
  ASSERT_TRUE(cat);
  auto c = cat->GetConnector("azure prod");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->id, connector_id);
  EXPECT_EQ(c->provider, Provider::kAzure);
  EXPECT_EQ(c->fields["container"], "exports");
  EXPECT_EQ(c->secret_id, secret_id);
  EXPECT_EQ(c->status, "Healthy");
  EXPECT_EQ(c->last_sync_at, "2026-11-25T08:00:00Z");
  auto s = cat->GetSecret(secret_id);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->used_by, std::vector<std::string>{"Azure Prod"});
  auto revealed = cat->RevealSecret(secret_id);
  ASSERT_TRUE(revealed.ok()) << revealed.status().ToString();
  EXPECT_EQ(*revealed, value);
  EXPECT_TRUE(*cat->VerifyToken(token));
  EXPECT_EQ(*cat->TokenCount(), 1);
  // Names stay unique across restarts.
  Connector dup;
  dup.name = "AZURE PROD";
  EXPECT_EQ(cat->CreateConnector(dup).status().code(), StatusCode::kAlreadyExists);
}

TEST_F(CatalogFileTest, DifferentMasterKeyCannotRevealButCatalogStillWorks) {
  std::string secret_id;
  {
    auto cat = OpenCatalog(kKeyA);
    ASSERT_TRUE(cat);
    auto s = cat->CreateSecret("gcp", Provider::kGcp, "gcp_service_account",
                               {{"key_json", "{\"private_key\":\"MARKER-PRIVATE-KEY\"}"}});
    ASSERT_TRUE(s.ok());
    secret_id = s->id;
  }
  auto cat = OpenCatalog(kKeyB);
  ASSERT_TRUE(cat);
  auto v = cat->RevealSecret(secret_id);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(v.status().message().find(secret_id), std::string::npos);
  EXPECT_NE(v.status().message().find("wrong master key"), std::string::npos);
  EXPECT_EQ(v.status().ToString().find("MARKER"), std::string::npos);
  // Everything that does not need the key is still there.
  auto list = cat->ListSecrets();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().name, "gcp");
}

TEST(CatalogConcurrencyTest, ParallelCreatesAreAllKept) {
  auto db = DuckDatabase::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto cipher = SecretCipher::FromKey(SecretString(kKeyA));
  ASSERT_TRUE(cipher.ok());
  auto cat = Catalog::Open(*db, *cipher);
  ASSERT_TRUE(cat.ok());
  Catalog& catalog = **cat;

  constexpr int kThreads = 4, kPerThread = 10;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  std::vector<int> shared_name_wins(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Connector c;
        c.name = "conn-" + std::to_string(t) + "-" + std::to_string(i);
        if (!catalog.CreateConnector(c).ok()) ++failures[t];
        // Every thread also races for the same name: exactly one may win it.
        Connector same;
        same.name = "Shared " + std::to_string(i);
        if (catalog.CreateConnector(same).ok()) ++shared_name_wins[t];
        (void)catalog.ListConnectors();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
  int wins = 0;
  for (int w : shared_name_wins) wins += w;
  EXPECT_EQ(wins, kPerThread);
  auto list = catalog.ListConnectors();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), static_cast<size_t>(kThreads * kPerThread + kPerThread));
  std::set<std::string> ids;
  for (const auto& c : *list) ids.insert(c.id);
  EXPECT_EQ(ids.size(), list->size());
}

}  // namespace
}  // namespace focusd
