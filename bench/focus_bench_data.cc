#include "focus_bench_data.h"

namespace focusd {

Status GenerateFocus12(DuckConnection& conn, int64_t rows, const std::string& format,
                       const std::string& path) {
  const std::string n = std::to_string(rows);
  const std::string resources = std::to_string(rows / 5 + 1);
  std::string sql = R"SQL(
COPY (
WITH base AS (
  SELECT i, (hash(i) >> 1)::BIGINT AS h1, (hash(i + 7919) >> 1)::BIGINT AS h2, (hash(i * 31 + 104729) >> 1)::BIGINT AS h3 FROM range()SQL" + n + R"SQL() t(i)
), d AS (
  SELECT i, h1 % 20 AS acct, h1 % 800 AS sub, h2 % 60 AS svc, h2 % 16 AS region,
         h3 % )SQL" + resources + R"SQL( AS res, (h2 % 60) * 37 + h3 % 33 AS sku, h1 % 100 AS cat, h3 % 100 AS cd,
         CAST(((h2 % 60) * 37 + h3 % 33) % 500 + 1 AS DOUBLE) / 997.0 AS price,
         CAST(h3 % 2000 + 1 AS DOUBLE) / 16.0 AS qty
  FROM base
), c AS (
  SELECT *, price * qty AS list_cost,
         price * qty * CASE WHEN cd < 20 THEN 0.62 ELSE 1.0 END AS eff_cost,
         ['Compute', 'Storage', 'Databases', 'Networking', 'Analytics', 'AI and Machine Learning'][svc % 6 + 1] AS scat,
         ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-central-1', 'eu-north-1',
          'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1',
          'sa-east-1', 'me-south-1'][region + 1] AS reg
  FROM d
)
SELECT
  CASE WHEN svc % 3 = 0 THEN reg || chr(97 + (res % 3)::INT) END AS AvailabilityZone,
  CASE WHEN cat < 90 THEN CASE WHEN cd < 20 THEN 0.0 ELSE list_cost END WHEN cat < 95 THEN list_cost * 10 WHEN cat < 98 THEN list_cost * 0.08 ELSE -list_cost END AS BilledCost,
  'acct-' || lpad(acct::VARCHAR, 12, '0') AS BillingAccountId,
  'Billing account ' || acct AS BillingAccountName,
  'Billing Account' AS BillingAccountType,
  'USD' AS BillingCurrency,
  TIMESTAMP '2024-10-01 00:00:00' AS BillingPeriodEnd,
  TIMESTAMP '2024-09-01 00:00:00' AS BillingPeriodStart,
  CASE WHEN cd BETWEEN 20 AND 24 THEN 'cr-' || lpad((res % 500)::VARCHAR, 8, '0') END AS CapacityReservationId,
  CASE WHEN cd BETWEEN 20 AND 24 THEN 'Used' END AS CapacityReservationStatus,
  CASE WHEN cat < 90 THEN 'Usage' WHEN cat < 95 THEN 'Purchase' WHEN cat < 98 THEN 'Tax' ELSE 'Credit' END AS ChargeCategory,
  CASE WHEN cat = 99 THEN 'Correction' END AS ChargeClass,
  'Service ' || svc || ' usage in ' || reg AS ChargeDescription,
  CASE WHEN cat < 90 THEN 'Usage-Based' WHEN cat < 95 THEN 'Recurring' ELSE 'One-Time' END AS ChargeFrequency,
  TIMESTAMP '2024-09-01 01:00:00' + to_hours((i % 720)::BIGINT) AS ChargePeriodEnd,
  TIMESTAMP '2024-09-01 00:00:00' + to_hours((i % 720)::BIGINT) AS ChargePeriodStart,
  CASE WHEN cd < 20 THEN CASE WHEN cd < 10 THEN 'Spend' ELSE 'Usage' END END AS CommitmentDiscountCategory,
  CASE WHEN cd < 20 THEN 'arn:aws:savingsplans::' || acct || ':savingsplan/sp-' || cd END AS CommitmentDiscountId,
  CASE WHEN cd < 20 THEN 'Savings plan ' || cd END AS CommitmentDiscountName,
  CASE WHEN cd < 20 THEN qty END AS CommitmentDiscountQuantity,
  CASE WHEN cd < 20 THEN CASE WHEN cd < 18 THEN 'Used' ELSE 'Unused' END END AS CommitmentDiscountStatus,
  CASE WHEN cd < 20 THEN 'Compute Savings Plan' END AS CommitmentDiscountType,
  CASE WHEN cd < 20 THEN 'Hours' END AS CommitmentDiscountUnit,
  CASE WHEN cat < 90 THEN qty END AS ConsumedQuantity,
  CASE WHEN cat < 90 THEN ['Hours', 'GB-Hours', 'Requests', 'GB'][svc % 4 + 1] END AS ConsumedUnit,
  eff_cost AS ContractedCost,
  price AS ContractedUnitPrice,
  eff_cost AS EffectiveCost,
  'INV-202409-' || acct AS InvoiceId,
  'Amazon Web Services, Inc.' AS InvoiceIssuerName,
  list_cost AS ListCost,
  price AS ListUnitPrice,
  CASE WHEN cd < 20 THEN 'Committed' WHEN cd < 25 THEN 'Dynamic' ELSE 'Standard' END AS PricingCategory,
  'USD' AS PricingCurrency,
  price AS PricingCurrencyContractedUnitPrice,
  eff_cost AS PricingCurrencyEffectiveCost,
  price AS PricingCurrencyListUnitPrice,
  qty AS PricingQuantity,
  ['Hours', 'GB-Hours', 'Requests', 'GB'][svc % 4 + 1] AS PricingUnit,
  'AWS' AS ProviderName,
  'AWS' AS PublisherName,
  reg AS RegionId,
  'Region ' || reg AS RegionName,
  'arn:aws:service' || svc || ':' || reg || ':' || acct || ':resource/r-' || lpad(res::VARCHAR, 10, '0') AS ResourceId,
  'resource-' || res AS ResourceName,
  ['Instance', 'Volume', 'Bucket', 'Cluster', 'Function'][res % 5 + 1] AS ResourceType,
  scat AS ServiceCategory,
  'Amazon Service ' || svc AS ServiceName,
  'Other (' || scat || ')' AS ServiceSubcategory,
  'SKU' || lpad(sku::VARCHAR, 6, '0') AS SkuId,
  'Meter ' || (sku % 40) AS SkuMeter,
  '{"CoreCount": ' || (sku % 16 + 1) || ', "OperatingSystem": "Linux"}' AS SkuPriceDetails,
  'SKU' || lpad(sku::VARCHAR, 6, '0') || '.PRICE' || (sku % 3) AS SkuPriceId,
  lpad(sub::VARCHAR, 12, '0') AS SubAccountId,
  'Account ' || sub AS SubAccountName,
  'AWS Account' AS SubAccountType,
  '{"env": "' || ['prod', 'staging', 'dev'][res % 3 + 1] || '", "team": "team-' || (sub % 40) ||
    '", "app": "app-' || (res % 700) || '"}' AS Tags,
  'AmazonService' || svc AS x_ServiceCode,
  reg || ':Usage' || (sku % 12) AS x_UsageType
FROM c
) TO )SQL" + SqlQuote(path) +
                    (format == "parquet" ? " (FORMAT parquet)" : " (FORMAT csv, HEADER, COMPRESSION gzip)");
  return conn.Execute(sql);
}

Result<BenchDatabase> OpenBenchDatabase(const std::string& dir, int64_t rows) {
  BenchDatabase b;
  ASSIGN_OR_RETURN(b.db, DuckDatabase::Open(dir + "/focusd.duckdb"));
  ASSIGN_OR_RETURN(b.conn, b.db->Connect());
  b.parquet = dir + "/focus.parquet";
  RETURN_IF_ERROR(GenerateFocus12(*b.conn, rows, "parquet", b.parquet));
  return b;
}

}  // namespace focusd
