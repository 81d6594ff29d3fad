// The daily rollups answer cost queries with exactly the results the charge rows give: the
// same queries run with the rollups, then with them hidden, must agree to the last digit.
#include <gtest/gtest.h>

#include "warehouse/cost_query.h"
#include "warehouse/duckdb_warehouse.h"

namespace focusd {
namespace {

class CostRollupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = *DuckDatabase::Open(":memory:");
    conn_ = std::move(*db_->Connect());
    DuckDbWarehouse warehouse(conn_.get());
    ASSERT_TRUE(warehouse.EnsureSchema().ok());
    // 700 charges over two months and two connectors, hourly, in two currencies, with
    // regions given as RegionId or only RegionName, providers as ServiceProviderName or only
    // ProviderName, NULL services and accounts, and costs with 18 fractional digits.
    ASSERT_TRUE(conn_->Execute(R"(
      INSERT INTO focus_costs BY NAME
      SELECT CASE WHEN i % 7 = 0 THEN NULL ELSE ['EC2', 'S3', 'RDS', 'Lambda'][i % 4 + 1] END AS ServiceName,
             ['Compute', 'Storage', 'Databases', 'Compute'][i % 4 + 1] AS ServiceCategory,
             'acct-' || (i % 3) AS BillingAccountId,
             CASE WHEN i % 11 = 0 THEN NULL ELSE 'sub-' || (i % 13) END AS SubAccountId,
             CASE WHEN i % 5 = 0 THEN NULL ELSE ['us-east-1', 'eu-west-1'][i % 2 + 1] END AS RegionId,
             CASE WHEN i % 5 = 0 THEN 'Region ' || (i % 3) END AS RegionName,
             ['Usage', 'Usage', 'Tax', 'Credit'][i % 4 + 1] AS ChargeCategory,
             CASE WHEN i % 2 = 0 THEN 'USD' ELSE 'EUR' END AS BillingCurrency,
             TIMESTAMP '2026-01-01' + to_hours(i * 2) AS ChargePeriodStart,
             TIMESTAMP '2026-01-01' + to_hours(i * 2 + 1) AS ChargePeriodEnd,
             CASE WHEN i < 372 THEN TIMESTAMP '2026-01-01' ELSE TIMESTAMP '2026-02-01' END AS BillingPeriodStart,
             CAST((i % 97) / 7.0 AS DECIMAL(38,18)) + CAST('0.000000000000000001' AS DECIMAL(38,18)) AS BilledCost,
             CAST((i % 89) / 3.0 AS DECIMAL(38,18)) AS EffectiveCost,
             CAST((i % 83) * 1.5 AS DECIMAL(38,18)) AS ListCost,
             CASE WHEN i % 3 = 0 THEN 'AWS' END AS ServiceProviderName,
             'Amazon' AS ProviderName,
             CASE i % 7 WHEN 0 THEN NULL WHEN 1 THEN '{}'
               WHEN 2 THEN '{"env": "prod", "team": "a"}'
               WHEN 3 THEN '{"env": "dev", "team": null, "size": 5}'
               WHEN 4 THEN '{"env": "prod", "env": "again", "a/b": "x"}'
               WHEN 5 THEN '["not", "an", "object"]'
               ELSE '{"team": "b", "env": "' || ['prod', 'dev'][i % 2 + 1] || '"}' END AS Tags,
             ['con-a', 'con-b'][i % 2 + 1] AS connector_id,
             CASE WHEN i < 372 THEN '2026-01' ELSE '2026-02' END AS billing_period,
             'load-1' AS load_id, TIMESTAMP '2026-03-01' AS loaded_at
      FROM range(700) t(i))").ok());
    ASSERT_TRUE(RefreshDailyRollups(*conn_, "TRUE").ok());
  }

  std::string Run(const std::multimap<std::string, std::string>& p) {
    auto q = ParseCostQuery(p);
    EXPECT_TRUE(q.ok()) << q.status().message();
    auto r = RunCostQuery(*conn_, *q);
    EXPECT_TRUE(r.ok()) << r.status().message();
    std::string out = r->truncated ? "truncated\n" : "";
    for (const auto& row : r->rows) {
      for (const auto& d : row.dims) out += (d ? *d : "(null)") + "|";
      out += row.currency + "|" + row.cost + "\n";
    }
    for (const auto& t : r->totals) out += "total " + t.currency + "|" + t.cost + "|" + std::to_string(t.rows) + "\n";
    return out;
  }

  std::shared_ptr<DuckDatabase> db_;
  std::unique_ptr<DuckConnection> conn_;
};

using Params = std::multimap<std::string, std::string>;

TEST_F(CostRollupTest, QueriesTheRollupsCoverGiveTheResultsOfTheChargeRows) {
  const std::vector<Params> queries = {
      {},
      {{"group_by", "service"}},
      {{"group_by", "service,day"}, {"order", "key"}},
      {{"group_by", "provider,service_category"}, {"metric", "effective"}},
      {{"group_by", "region,month"}, {"metric", "list"}, {"order", "key"}},
      {{"group_by", "charge_category,connector"}, {"from", "2026-01-10"}, {"to", "2026-02-03"}},
      {{"group_by", "service"}, {"service", "EC2,S3"}, {"region", "us-east-1,Region 1"}},
      {{"group_by", "provider"}, {"provider", "aws"}},
      {{"group_by", "sub_account"}, {"limit", "5"}},
      {{"group_by", "billing_account,day"}, {"order", "key"}, {"from", "2026-01-31"}, {"to", "2026-01-31"}},
      {{"group_by", "sub_account"}, {"account", "acct-1,sub-4"}, {"metric", "effective"}},
      {{"group_by", "service"}, {"connector", "con-b"}, {"order", "cost_asc"}},
      {{"group_by", "tag:env"}},
      {{"group_by", "tag:team,provider"}, {"metric", "effective"}, {"order", "key"}},
      {{"group_by", "tag:env,month"}, {"order", "key"}, {"from", "2026-01-10"}, {"to", "2026-02-03"}},
      {{"group_by", "charge_category,tag:a/b"}, {"connector", "con-a"}, {"metric", "list"}},
      {{"group_by", "tag:size"}, {"provider", "aws"}},
      {{"group_by", "tag:nobody-uses-this"}, {"group_by", "day"}, {"order", "key"}},
      {{"group_by", "tag:env,tag:team"}, {"order", "key"}},
      {{"group_by", "tag:team"}, {"tag", "env:prod"}},
  };
  std::vector<std::string> with_rollups;
  for (const auto& q : queries) with_rollups.push_back(Run(q));

  // The rollups are really read for these (else the comparison below proves nothing).
  auto sql = BuildCostSql(*ParseCostQuery({{"group_by", "service,day"}}), true, true);
  EXPECT_NE(sql->sql.find("focus_daily_by_service"), std::string::npos);
  sql = BuildCostSql(*ParseCostQuery({{"group_by", "sub_account"}}), true, true);
  EXPECT_NE(sql->sql.find("focus_daily_by_account"), std::string::npos);
  sql = BuildCostSql(*ParseCostQuery({{"group_by", "service,sub_account"}}), true, true);
  EXPECT_NE(sql->sql.find("FROM focus_costs"), std::string::npos) << "no rollup has both";
  sql = BuildCostSql(*ParseCostQuery({{"group_by", "tag:env,day"}}), true, true);
  EXPECT_NE(sql->sql.find("focus_daily_by_tag"), std::string::npos);
  sql = BuildCostSql(*ParseCostQuery({{"group_by", "service"}, {"tag", "env:prod"}}), true, true);
  EXPECT_NE(sql->sql.find("FROM focus_costs"), std::string::npos) << "tag filters read the charge rows";
  sql = BuildCostSql(*ParseCostQuery({{"group_by", "tag:env,tag:team"}}), true, true);
  EXPECT_NE(sql->sql.find("FROM focus_costs"), std::string::npos) << "two tag keys read the charge rows";

  ASSERT_TRUE(conn_->Execute("ALTER TABLE focus_daily_by_service RENAME TO hidden_a; "
                             "ALTER TABLE focus_daily_by_account RENAME TO hidden_b; "
                             "ALTER TABLE focus_daily_by_tag RENAME TO hidden_c").ok());
  for (size_t i = 0; i < queries.size(); ++i) EXPECT_EQ(with_rollups[i], Run(queries[i])) << "query " << i;
}

TEST_F(CostRollupTest, ReplacingAndDeletingAPeriodKeepsTheRollupsInStep) {
  DuckDbWarehouse warehouse(conn_.get());
  std::string before = Run({{"group_by", "service,month"}, {"order", "key"}});
  ASSERT_TRUE(warehouse.DeletePeriod({"con-a", "2026-02"}).ok());
  EXPECT_EQ(conn_->Query("SELECT count(*) FROM focus_daily_by_service WHERE connector_id = 'con-a' AND "
                         "billing_period = '2026-02'")->Int(0, 0), 0);
  std::string after = Run({{"group_by", "service,month"}, {"order", "key"}});
  EXPECT_NE(before, after);
  ASSERT_TRUE(conn_->Execute("ALTER TABLE focus_daily_by_service RENAME TO hidden_a; "
                             "ALTER TABLE focus_daily_by_account RENAME TO hidden_b").ok());
  EXPECT_EQ(after, Run({{"group_by", "service,month"}, {"order", "key"}}));
}

TEST_F(CostRollupTest, ADatabaseFromBeforeTheRollupsGetsThemBuiltOnce) {
  ASSERT_TRUE(conn_->Execute("DROP TABLE focus_daily_by_service; DROP TABLE focus_daily_by_account; "
                             "DROP TABLE focus_daily_by_tag").ok());
  DuckDbWarehouse warehouse(conn_.get());
  ASSERT_TRUE(warehouse.EnsureSchema().ok());
  EXPECT_EQ(conn_->Query("SELECT sum(charge_rows) FROM focus_daily_by_account")->Int(0, 0), 700);
  EXPECT_EQ(conn_->Query("SELECT sum(BilledCost) = (SELECT sum(BilledCost) FROM focus_costs) FROM "
                         "focus_daily_by_service")->Text(0, 0), "true");
  EXPECT_EQ(conn_->Query("SELECT sum(charge_rows) FROM focus_daily_by_tag WHERE tag_key = 'env'")->Int(0, 0),
            conn_->Query("SELECT count(*) FROM focus_costs WHERE json_extract_string(Tags, '/env') IS NOT NULL")
                ->Int(0, 0));
}

}  // namespace
}  // namespace focusd
