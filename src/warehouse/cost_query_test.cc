#include "warehouse/cost_query.h"

#include <gtest/gtest.h>

namespace focusd {
namespace {

class CostQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = *DuckDatabase::Open(":memory:");
    conn_ = std::move(*db_->Connect());
    ASSERT_TRUE(conn_->Execute(R"(
      CREATE TABLE focus_costs (BilledCost DECIMAL(38,18), EffectiveCost DECIMAL(38,18),
        ListCost DECIMAL(38,18), BillingCurrency VARCHAR, ChargePeriodStart TIMESTAMP,
        ServiceName VARCHAR, ServiceCategory VARCHAR, BillingAccountId VARCHAR, SubAccountId VARCHAR,
        RegionId VARCHAR, RegionName VARCHAR, ChargeCategory VARCHAR, Tags VARCHAR,
        ProviderName VARCHAR, ServiceProviderName VARCHAR, connector_id VARCHAR);
      INSERT INTO focus_costs VALUES
        (10.10, 9, 12, 'USD', '2026-01-01 00:00:00', 'EC2', 'Compute', 'a1', 's1', 'us-east-1', NULL, 'Usage', '{"env":"prod"}', 'AWS', NULL, 'c-aws'),
        (5.05, 5, 6, 'USD', '2026-01-02 00:00:00', 'S3', 'Storage', 'a1', 's2', 'us-east-1', NULL, 'Usage', '{"env":"dev"}', 'AWS', NULL, 'c-aws'),
        (7.00, 7, 8, 'EUR', '2026-01-01 00:00:00', 'VM', 'Compute', 'b1', 'b1', 'westeurope', NULL, 'Usage', '{"env":"prod","a/b":"x"}', 'Microsoft', NULL, 'c-az'),
        (1.25, 1, 1, 'USD', '2026-02-01 00:00:00', 'EC2', 'Compute', 'a1', 's1', 'us-west-2', NULL, 'Tax', '{}', 'AWS', NULL, 'c-aws');
      CREATE TABLE catalog_connectors (id VARCHAR, provider VARCHAR);
      INSERT INTO catalog_connectors VALUES ('c-aws', 'AWS'), ('c-az', 'Azure');
    )").ok());
  }
  CostResult Run(std::multimap<std::string, std::string> p) {
    auto q = ParseCostQuery(p);
    EXPECT_TRUE(q.ok()) << q.status().message();
    auto r = RunCostQuery(*conn_, *q);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return *r;
  }
  std::shared_ptr<DuckDatabase> db_;
  std::unique_ptr<DuckConnection> conn_;
};

TEST_F(CostQueryTest, TotalsArePerCurrencyNeverMixed) {
  CostResult r = Run({});
  ASSERT_EQ(r.totals.size(), 2u);
  EXPECT_EQ(r.totals[0].currency, "EUR");
  EXPECT_EQ(r.totals[0].cost, "7.00");
  EXPECT_EQ(r.totals[1].currency, "USD");
  EXPECT_EQ(r.totals[1].cost, "16.40");
  EXPECT_EQ(r.totals[1].rows, 3);
  ASSERT_EQ(r.rows.size(), 2u);  // no dimensions: one row per currency
}

TEST_F(CostQueryTest, GroupsByProviderFromCatalogAndService) {
  CostResult r = Run({{"group_by", "provider,service"}, {"order", "key"}});
  ASSERT_EQ(r.dimensions, (std::vector<std::string>{"provider", "service"}));
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(*r.rows[0].dims[0], "AWS");
  EXPECT_EQ(*r.rows[0].dims[1], "EC2");
  EXPECT_EQ(r.rows[0].cost, "11.35");
  EXPECT_EQ(*r.rows[2].dims[0], "Azure");
  EXPECT_EQ(r.rows[2].currency, "EUR");
}

TEST_F(CostQueryTest, MetricSwitchAndDailyGrain) {
  CostResult r = Run({{"metric", "list"}, {"group_by", "day"}, {"provider", "aws"}});
  EXPECT_EQ(r.metric, "ListCost");
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(*r.rows[0].dims[0], "2026-01-01");
  EXPECT_EQ(r.rows[0].cost, "12.00");
  ASSERT_EQ(r.totals.size(), 1u);
  EXPECT_EQ(r.totals[0].cost, "19.00");
}

TEST_F(CostQueryTest, FiltersByDateAccountRegionAndTag) {
  EXPECT_EQ(Run({{"from", "2026-01-02"}, {"to", "2026-01-31"}}).totals[0].cost, "5.05");
  EXPECT_EQ(Run({{"account", "s2"}}).totals[0].cost, "5.05");
  EXPECT_EQ(Run({{"region", "us-west-2"}}).totals[0].cost, "1.25");
  CostResult prod = Run({{"tag", "env:prod"}});
  ASSERT_EQ(prod.totals.size(), 2u);
  EXPECT_EQ(prod.totals[0].cost, "7.00");
  EXPECT_EQ(prod.totals[1].cost, "10.10");
  EXPECT_EQ(Run({{"tag", "a/b:x"}}).totals[0].currency, "EUR");
}

TEST_F(CostQueryTest, TagBreakdown) {
  CostResult r = Run({{"group_by", "tag:env"}, {"connector", "c-aws"}, {"order", "key"}});
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(*r.rows[0].dims[0], "dev");
  EXPECT_EQ(*r.rows[1].dims[0], "prod");
  EXPECT_FALSE(r.rows[2].dims[0].has_value());  // untagged
}

TEST_F(CostQueryTest, LimitMarksTruncation) {
  CostResult r = Run({{"group_by", "service"}, {"limit", "1"}});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_TRUE(r.truncated);
  EXPECT_EQ(*r.rows[0].dims[0], "EC2");
}

TEST_F(CostQueryTest, InjectionAttemptsAreDataOrRefused) {
  auto bad = ParseCostQuery({{"group_by", "service; DROP TABLE focus_costs"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "group_by");
  CostResult r = Run({{"service", "EC2') OR 1=1 --"}, {"tag", "env' OR '1'='1:prod"}});
  EXPECT_TRUE(r.totals.empty());
  CostResult t = Run({{"group_by", "tag:x') FROM focus_costs; --"}});
  EXPECT_EQ(t.totals.size(), 2u);
  EXPECT_TRUE(conn_->Query("SELECT count(*) FROM focus_costs").ok());
}

TEST_F(CostQueryTest, ErrorsNameTheParameter) {
  EXPECT_EQ(ParseCostQuery({{"metric", "amortized"}}).status().field(), "metric");
  EXPECT_EQ(ParseCostQuery({{"from", "2026/01/01"}}).status().field(), "from");
  EXPECT_EQ(ParseCostQuery({{"limit", "0"}}).status().field(), "limit");
  EXPECT_EQ(ParseCostQuery({{"tag", "novalue"}}).status().field(), "tag");
  EXPECT_EQ(ParseCostQuery({{"group_by", "service,region,provider"}}).status().field(), "group_by");
}

}  // namespace
}  // namespace focusd
