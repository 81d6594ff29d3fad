#include "catalog/demo_billing.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "focus/importer.h"
#include "warehouse/duckdb_warehouse.h"

namespace focusd {
namespace {

struct Vocabulary {
  const char* services;   // DuckDB list literal of ServiceName
  const char* categories; // ServiceCategory, parallel to services
  const char* regions;
  const char* provider;
  const char* issuer;
  const char* currency;
  const char* account;
};

Vocabulary For(Provider p) {
  switch (p) {
    case Provider::kAws:
      return {"['Amazon Elastic Compute Cloud','Amazon Simple Storage Service','Amazon Relational Database Service','AWS Lambda','Amazon CloudFront','Amazon Elastic Kubernetes Service']",
              "['Compute','Storage','Databases','Compute','Networking','Compute']",
              "['us-east-1','us-west-2','eu-west-1','sa-east-1']", "AWS", "Amazon Web Services, Inc.", "USD",
              "123456789012"};
    case Provider::kAzure:
      return {"['Virtual Machines','Storage','Azure SQL Database','Azure Kubernetes Service','Azure Monitor','Bandwidth']",
              "['Compute','Storage','Databases','Compute','Management and Governance','Networking']",
              "['eastus','westeurope','brazilsouth','northeurope']", "Microsoft", "Microsoft", "EUR",
              "acme-ea-enrollment"};
    case Provider::kGcp:
      return {"['Compute Engine','Cloud Storage','BigQuery','Cloud SQL','Kubernetes Engine','Cloud Logging']",
              "['Compute','Storage','Analytics','Databases','Compute','Management and Governance']",
              "['us-central1','europe-west1','southamerica-east1','asia-east1']", "Google Cloud", "Google",
              "USD", "01A2B3-C4D5E6-F7A8B9"};
    case Provider::kOci:
      return {"['Compute','Object Storage','Autonomous Database','Block Volume','Load Balancer','Networking']",
              "['Compute','Storage','Databases','Storage','Networking','Networking']",
              "['us-ashburn-1','eu-frankfurt-1','sa-saopaulo-1','uk-london-1']", "Oracle", "Oracle", "USD",
              "ocid1.tenancy.oc1..demo"};
  }
  return For(Provider::kAws);
}

// One month of hourly-ish charges: ~1,500 rows, deterministic (hash of the row number).
std::string MonthSql(const Connector& c, const std::string& period, const std::string& path) {
  Vocabulary v = For(c.provider);
  std::string start = "TIMESTAMP '" + period + "-01 00:00:00'";
  std::string end = "(" + start + " + INTERVAL 1 MONTH)";
  std::string seed = std::to_string(std::hash<std::string>{}(c.id + period) % 100000);
  return R"SQL(COPY (
WITH b AS (
  SELECT i, (hash(i + )SQL" + seed + R"SQL() >> 1)::BIGINT AS h FROM range(1500) t(i)
), d AS (
  SELECT i, h % 6 AS svc, (h >> 8) % 4 AS reg, (h >> 16) % 12 AS sub, (h >> 24) % 40 AS res,
         ((h >> 32) % 28)::INT AS day, (((h >> 40) % 5000) + 1)::DECIMAL(18,6) / 100 AS qty,
         (((h >> 48) % 900) + 50)::DECIMAL(18,6) / 10000 AS price, (h >> 56) % 100 AS kind
  FROM b
)
SELECT
  )SQL" + SqlQuote(v.account) + R"SQL( AS BillingAccountId,
  'Acme Corp (' || )SQL" + SqlQuote(v.provider) + R"SQL( || ')' AS BillingAccountName,
  )SQL" + SqlQuote(v.currency) + R"SQL( AS BillingCurrency,
  )SQL" + start + R"SQL( AS BillingPeriodStart,
  )SQL" + end + R"SQL( AS BillingPeriodEnd,
  )SQL" + start + R"SQL( + to_days(day) AS ChargePeriodStart,
  )SQL" + start + R"SQL( + to_days(day + 1) AS ChargePeriodEnd,
  CASE WHEN kind < 94 THEN 'Usage' WHEN kind < 98 THEN 'Tax' ELSE 'Credit' END AS ChargeCategory,
  CASE WHEN kind < 94 THEN 'Usage-Based' ELSE 'One-Time' END AS ChargeFrequency,
  ()SQL" + v.services + R"SQL()[svc + 1] || ' in ' || ()SQL" + v.regions + R"SQL()[reg + 1] AS ChargeDescription,
  CAST(CASE WHEN kind < 94 THEN qty * price WHEN kind < 98 THEN qty * price * 0.1 ELSE -qty * price * 0.5 END AS DECIMAL(18,6)) AS BilledCost,
  CAST(CASE WHEN kind < 94 THEN qty * price * (CASE WHEN svc = 0 THEN 0.7 ELSE 1 END) WHEN kind < 98 THEN qty * price * 0.1 ELSE -qty * price * 0.5 END AS DECIMAL(18,6)) AS EffectiveCost,
  CAST(CASE WHEN kind < 94 THEN qty * price * 1.15 ELSE 0 END AS DECIMAL(18,6)) AS ListCost,
  CAST(CASE WHEN kind < 94 THEN qty * price ELSE 0 END AS DECIMAL(18,6)) AS ContractedCost,
  CASE WHEN kind < 94 THEN CAST(price * 1.15 AS DECIMAL(18,6)) END AS ListUnitPrice,
  CASE WHEN kind < 94 THEN price END AS ContractedUnitPrice,
  CASE WHEN kind < 94 THEN qty END AS PricingQuantity,
  CASE WHEN kind < 94 THEN 'Hours' END AS PricingUnit,
  CASE WHEN kind < 94 THEN qty END AS ConsumedQuantity,
  CASE WHEN kind < 94 THEN 'Hours' END AS ConsumedUnit,
  CASE WHEN kind < 94 THEN 'Standard' END AS PricingCategory,
  )SQL" + SqlQuote(v.provider) + R"SQL( AS ProviderName,
  )SQL" + SqlQuote(v.provider) + R"SQL( AS PublisherName,
  )SQL" + SqlQuote(v.issuer) + R"SQL( AS InvoiceIssuerName,
  'INV-' || replace(')SQL" + period + R"SQL(', '-', '') || '-001' AS InvoiceId,
  ()SQL" + v.services + R"SQL()[svc + 1] AS ServiceName,
  ()SQL" + v.categories + R"SQL()[svc + 1] AS ServiceCategory,
  ()SQL" + v.regions + R"SQL()[reg + 1] AS RegionId,
  ()SQL" + v.regions + R"SQL()[reg + 1] AS RegionName,
  'res-' || svc || '-' || res AS ResourceId,
  'resource-' || svc || '-' || res AS ResourceName,
  'sub-' || lpad(sub::VARCHAR, 4, '0') AS SubAccountId,
  ['Production', 'Staging', 'Data Platform', 'Web', 'Mobile', 'Analytics', 'Security', 'Shared Services',
   'ML Research', 'Payments', 'Search', 'Sandbox'][sub + 1] AS SubAccountName,
  'SKU-' || svc || '-' || reg AS SkuId,
  'SKU-' || svc || '-' || reg || '-P' AS SkuPriceId,
  '{"env": "' || ['prod', 'staging', 'dev'][res % 3 + 1] || '", "team": "' ||
    ['platform', 'data', 'web', 'ml'][sub % 4 + 1] || '"}' AS Tags
FROM d
) TO )SQL" + SqlQuote(path) + " (FORMAT parquet)";
}

}  // namespace

Result<int64_t> LoadDemoBilling(std::shared_ptr<DuckDatabase> db, const std::vector<Connector>& connectors,
                                const std::string& work_dir, TimePoint now) {
  std::filesystem::create_directories(work_dir);
  ASSIGN_OR_RETURN(auto conn, db->Connect());
  DuckDbWarehouse warehouse(conn.get());
  RETURN_IF_ERROR(warehouse.EnsureSchema());
  // The current month and the two before.
  std::time_t t = Clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  int64_t rows = 0;
  for (const auto& c : connectors) {
    std::vector<std::string> files;
    for (int back = 2; back >= 0; --back) {
      int m = tm.tm_mon + 1 - back, y = tm.tm_year + 1900;
      while (m <= 0) {
        m += 12;
        --y;
      }
      char period[8];
      std::snprintf(period, sizeof period, "%04d-%02d", y, m);
      std::string path = work_dir + "/" + c.id + "-" + period + ".parquet";
      RETURN_IF_ERROR(conn->Execute(MonthSql(c, period, path)).WithContext("generating demo data"));
      files.push_back(path);
    }
    ImportOptions options;
    options.connector = c.id;
    ASSIGN_OR_RETURN(ImportResult r, ImportFiles(*conn, warehouse, files, options));
    rows += r.load.rows;
    for (const auto& f : files) std::filesystem::remove(f);
    spdlog::info("demo billing loaded connector={} rows={}", c.id, r.load.rows);
  }
  return rows;
}

}  // namespace focusd
