// The same FOCUS files loaded into DuckDB and into ClickHouse give exactly the same answer to
// every cost query the views and /api/v1/costs make.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "focus/canonical_schema.h"
#include "focus/importer.h"
#include "support/clickhouse_server.h"
#include "warehouse/clickhouse_cost_query.h"
#include "warehouse/clickhouse_warehouse.h"
#include "warehouse/duckdb_warehouse.h"

namespace focusd {
namespace {

namespace fs = std::filesystem;

std::string Show(const CostResult& r) {
  std::string s = r.metric + (r.truncated ? " truncated" : "") + "\n";
  for (const auto& row : r.rows) {
    for (const auto& d : row.dims) s += (d ? "'" + *d + "'" : std::string("NULL")) + " | ";
    s += row.currency + " | " + row.cost + "\n";
  }
  s += "totals:";
  for (const auto& t : r.totals) s += " " + t.currency + "=" + t.cost + "/" + std::to_string(t.rows);
  return s;
}

// Rows with what the views group and filter by: several services, regions, accounts,
// currencies, NULLs, tags (strings, numbers, nested, null, odd keys), two months.
constexpr const char* kGenerated = R"(
  CREATE TEMP TABLE gen_raw AS SELECT
    i,
    TIMESTAMP '2024-08-01' + INTERVAL (i % 61) DAY + INTERVAL (i % 24) HOUR AS ts,
    ['EC2', 'S3', 'Lambda', NULL, 'Virtual Machines'][1 + i % 5] AS svc,
    ['Compute', 'Storage', NULL][1 + i % 3] AS cat,
    ['us-east-1', 'eu-west-1', NULL][1 + i % 3] AS region,
    CASE WHEN i % 7 = 0 THEN 'West Europe' END AS region_name,
    'acct-' || (i % 4) AS acct, CASE WHEN i % 5 <> 0 THEN 'sub-' || (i % 6) END AS sub,
    ['USD', 'EUR', 'USD', NULL][1 + i % 4] AS cur,
    ['Usage', 'Tax', 'Purchase'][1 + i % 3] AS charge,
    CASE WHEN i % 9 = 0 THEN NULL ELSE ['AWS', 'Microsoft'][1 + i % 2] END AS prov,
    CAST((i * 37 % 1000) / 7.0 AS DECIMAL(38,18)) AS billed,
    CAST((i * 13 % 500) / 3.0 AS DECIMAL(38,18)) AS eff,
    CAST(i % 11 AS DECIMAL(38,18)) + 0.000000000000000001 AS list,
    CASE i % 6
      WHEN 0 THEN '{"env": "prod", "team": "a\\tb", "n": ' || (i % 3) || '}'
      WHEN 1 THEN '{"env": "dev", "a/b": "slash", "nested": {"x": [1, 2]}}'
      WHEN 2 THEN '{"env": null, "k''q": "quote"}'
      WHEN 3 THEN NULL
      WHEN 4 THEN '{}'
      ELSE '{"env": "prod", "~t": true}' END AS tags
  FROM range(3000) t(i);
)";

class CrossBackendTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::ClickHouseServer();
    ASSERT_TRUE(server_->running());
    db_ = new std::shared_ptr<DuckDatabase>(*DuckDatabase::Open(""));
    conn_ = (*db_)->Connect().value().release();
    DuckDbWarehouse duck(conn_);
    ClickHouseSettings settings;
    settings.endpoint = server_->Endpoint("cross");
    ClickHouseWarehouse ch(settings, conn_);
    ASSERT_TRUE(duck.EnsureSchema().ok());
    ASSERT_TRUE(ch.EnsureSchema().ok());

    // The FOCUS 1.2 example files, each as its own connector.
    int n = 0;
    std::vector<std::string> files;
    // FOCUSD_SHARED_DIR in the environment wins (a worktree's ../shared may not exist).
    const char* env = std::getenv("FOCUSD_SHARED_DIR");
    for (const auto& e : fs::recursive_directory_iterator(std::string(env ? env : FOCUSD_SHARED_DIR) +
                                                          "/focus/examples/v1.2"))
      if (e.path().extension() == ".csv") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      ImportOptions o;
      o.connector = "example-" + std::to_string(n++);
      auto d = ImportFiles(*conn_, duck, {f}, o);
      if (!d.ok()) continue;  // not every example is loadable on its own; the same skip for both
      auto c = ImportFiles(*conn_, ch, {f}, o);
      ASSERT_TRUE(c.ok()) << f << ": " << c.status().ToString();
      ++loaded_files_;
    }

    // Generated rows, in the canonical columns.
    ASSERT_TRUE(conn_->Execute(kGenerated).ok());
    const std::map<std::string, std::string> mapped = {
        {"BillingPeriodStart", "date_trunc('month', ts)"}, {"ChargePeriodStart", "ts"}, {"ServiceName", "svc"},
        {"ServiceCategory", "cat"}, {"RegionId", "region"}, {"RegionName", "region_name"},
        {"BillingAccountId", "acct"}, {"SubAccountId", "sub"}, {"BillingCurrency", "cur"},
        {"ChargeCategory", "charge"}, {"ProviderName", "prov"}, {"BilledCost", "billed"},
        {"EffectiveCost", "eff"}, {"ListCost", "list"}, {"Tags", "tags"}};
    std::string cols;
    for (const auto& col : CanonicalColumns()) {
      auto it = mapped.find(std::string(col.name));
      cols += "CAST(" + (it == mapped.end() ? std::string("NULL") : it->second) + " AS " +
              DuckDbType(col.kind) + ") AS " + SqlIdent(std::string(col.name)) + ", ";
    }
    ASSERT_TRUE(conn_->Execute("CREATE TEMP VIEW gen AS SELECT " + cols +
                               "NULL::VARCHAR AS x_extensions, 'gen.csv' AS _file FROM gen_raw").ok());
    for (const char* conn : {"c-aws", "c-az", "c-unknown"}) {
      auto d = duck.Load(conn, {conn_, "gen", {}});
      ASSERT_TRUE(d.ok()) << d.status().ToString();
      auto c = ch.Load(conn, {conn_, "gen", {}});
      ASSERT_TRUE(c.ok()) << c.status().ToString();
    }
    ASSERT_TRUE(conn_->Execute("CREATE TABLE catalog_connectors (id VARCHAR, provider VARCHAR);"
                               "INSERT INTO catalog_connectors VALUES ('c-aws', 'AWS'), ('c-az', 'Azure')").ok());
  }
  static void TearDownTestSuite() {
    delete conn_;
    delete db_;
    delete server_;
  }

  void ExpectSame(std::multimap<std::string, std::string> params) {
    auto q = ParseCostQuery(params);
    ASSERT_TRUE(q.ok()) << q.status().ToString();
    auto duck = RunCostQuery(*conn_, *q);
    ASSERT_TRUE(duck.ok()) << duck.status().ToString();
    auto providers = CatalogProviders(*conn_);
    ASSERT_TRUE(providers.ok());
    ClickHouseClient client(server_->Endpoint("cross"));
    auto ch = RunClickHouseCostQuery(client, *providers, *q);
    ASSERT_TRUE(ch.ok()) << ch.status().ToString();
    std::string what;
    for (const auto& [k, v] : params) what += k + "=" + v + " ";
    EXPECT_FALSE(duck->totals.empty()) << what;
    EXPECT_EQ(Show(*duck), Show(*ch)) << what;
  }

  static inline testing::ClickHouseServer* server_ = nullptr;
  static inline std::shared_ptr<DuckDatabase>* db_ = nullptr;
  static inline DuckConnection* conn_ = nullptr;
  static inline int loaded_files_ = 0;
};

TEST_F(CrossBackendTest, ExampleFilesWereLoaded) { EXPECT_GT(loaded_files_, 5); }

TEST_F(CrossBackendTest, EveryDimensionAndGrain) {
  for (const char* dim : {"provider", "connector", "service", "service_category", "billing_account", "sub_account",
                          "region", "charge_category", "tag:env", "tag:team", "tag:n", "tag:nested", "tag:a/b",
                          "tag:k'q", "tag:~t", "tag:missing"})
    for (const char* grain : {"", "day", "month"})
      for (const char* metric : {"billed", "effective", "list"}) {
        std::multimap<std::string, std::string> p = {{"group_by", dim}, {"metric", metric}, {"limit", "100000"}};
        if (*grain) p.insert({"granularity", grain});
        ExpectSame(p);
      }
}

TEST_F(CrossBackendTest, TwoDimensionsOrdersAndLimits) {
  for (const char* order : {"cost_desc", "cost_asc", "key"})
    for (const char* limit : {"1", "7", "1000"}) {
      ExpectSame({{"group_by", "provider,service"}, {"order", order}, {"limit", limit}});
      ExpectSame({{"group_by", "region,tag:env"}, {"granularity", "month"}, {"order", order}, {"limit", limit}});
      ExpectSame({{"group_by", "connector"}, {"granularity", "day"}, {"order", order}, {"limit", limit}});
    }
  ExpectSame({});
}

TEST_F(CrossBackendTest, Filters) {
  ExpectSame({{"group_by", "service"}, {"from", "2024-08-15"}, {"to", "2024-09-02"}});
  ExpectSame({{"group_by", "day"}, {"from", "2024-09-30"}});
  ExpectSame({{"group_by", "service"}, {"provider", "aws,MICROSOFT"}});
  ExpectSame({{"group_by", "provider"}, {"provider", "azure"}});
  ExpectSame({{"group_by", "service"}, {"connector", "c-az"}, {"service", "EC2,S3"}});
  ExpectSame({{"group_by", "region"}, {"account", "acct-1,sub-3"}});
  ExpectSame({{"group_by", "service"}, {"region", "West Europe,us-east-1"}});
  ExpectSame({{"group_by", "service"}, {"tag", "env:prod"}, {"tag", "team=a\\tb"}});
  ExpectSame({{"group_by", "tag:env"}, {"tag", "a/b:slash"}});
  ExpectSame({{"group_by", "tag:env"}, {"tag", "k'q:quote"}, {"service", "EC2,it's \\ odd"}});
}

}  // namespace
}  // namespace focusd
