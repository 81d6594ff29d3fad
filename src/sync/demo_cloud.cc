#include "sync/demo_cloud.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include <system_error>

namespace focusd {
namespace {

struct Vocabulary {
  const char* services;   // DuckDB list literal of ServiceName
  const char* categories; // ServiceCategory, parallel to services
  const char* subcategories;  // ServiceSubcategory (FOCUS 1.2's list), parallel to services
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
              "['Virtual Machines','Object Storage','Relational Databases','Serverless Compute','Content Delivery','Containers']",
              "['us-east-1','us-west-2','eu-west-1','sa-east-1']", "AWS", "Amazon Web Services, Inc.", "USD",
              "123456789012"};
    case Provider::kAzure:
      return {"['Virtual Machines','Storage','Azure SQL Database','Azure Kubernetes Service','Azure Monitor','Bandwidth']",
              "['Compute','Storage','Databases','Compute','Management and Governance','Networking']",
              "['Virtual Machines','Object Storage','Relational Databases','Containers','Observability','Network Connectivity']",
              "['eastus','westeurope','brazilsouth','northeurope']", "Microsoft", "Microsoft", "EUR",
              "acme-ea-enrollment"};
    case Provider::kGcp:
      return {"['Compute Engine','Cloud Storage','BigQuery','Cloud SQL','Kubernetes Engine','Cloud Logging']",
              "['Compute','Storage','Analytics','Databases','Compute','Management and Governance']",
              "['Virtual Machines','Object Storage','Analytics Platforms','Relational Databases','Containers','Observability']",
              "['us-central1','europe-west1','southamerica-east1','asia-east1']", "Google Cloud", "Google",
              "USD", "01A2B3-C4D5E6-F7A8B9"};
    case Provider::kOci:
      return {"['Compute','Object Storage','Autonomous Database','Block Volume','Load Balancer','Networking']",
              "['Compute','Storage','Databases','Storage','Networking','Networking']",
              "['Virtual Machines','Object Storage','Relational Databases','Block Storage','Application Networking','Network Connectivity']",
              "['us-ashburn-1','eu-frankfurt-1','sa-saopaulo-1','uk-london-1']", "Oracle", "Oracle", "USD",
              "ocid1.tenancy.oc1..demo"};
  }
  return For(Provider::kAws);
}

// `days` days of a month's charges (~54 a day), deterministic (hash of the row number).
std::string MonthSql(const Connector& c, const std::string& period, int days, const std::string& path) {
  Vocabulary v = For(c.provider);
  std::string start = "TIMESTAMP '" + period + "-01 00:00:00'";
  std::string end = "(" + start + " + INTERVAL 1 MONTH)";
  std::string seed = std::to_string(std::hash<std::string>{}(c.id + period) % 100000);
  return R"SQL(COPY (
WITH b AS (
  SELECT i, (hash(i + )SQL" + seed + R"SQL() >> 1)::BIGINT AS h FROM range()SQL" + std::to_string(54 * days) + R"SQL() t(i)
), d AS (
  SELECT i, h % 6 AS svc, (h >> 8) % 4 AS reg, (h >> 16) % 12 AS sub, (h >> 24) % 40 AS res,
         ((h >> 32) % )SQL" + std::to_string(days) + R"SQL()::INT AS day, (((h >> 40) % 5000) + 1)::DECIMAL(18,6) / 100 AS qty,
         (((h >> 48) % 900) + 50)::DECIMAL(18,6) / 10000 AS price, (h >> 56) % 100 AS kind
  FROM b
)
SELECT
  )SQL" + SqlQuote(v.account) + R"SQL( AS BillingAccountId,
  'Acme Corp (' || )SQL" + SqlQuote(v.provider) + R"SQL( || ')' AS BillingAccountName,
  )SQL" + SqlQuote(v.currency) + R"SQL( AS BillingCurrency,
  timezone('UTC', )SQL" + start + R"SQL() AS BillingPeriodStart,
  timezone('UTC', )SQL" + end + R"SQL() AS BillingPeriodEnd,
  timezone('UTC', )SQL" + start + R"SQL( + to_days(day)) AS ChargePeriodStart,
  timezone('UTC', )SQL" + start + R"SQL( + to_days(day + 1)) AS ChargePeriodEnd,
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
  ()SQL" + v.subcategories + R"SQL()[svc + 1] AS ServiceSubcategory,
  ()SQL" + v.regions + R"SQL()[reg + 1] AS RegionId,
  ()SQL" + v.regions + R"SQL()[reg + 1] AS RegionName,
  'res-' || svc || '-' || res AS ResourceId,
  'resource-' || svc || '-' || res AS ResourceName,
  'sub-' || lpad(sub::VARCHAR, 4, '0') AS SubAccountId,
  ['Production', 'Staging', 'Data Platform', 'Web', 'Mobile', 'Analytics', 'Security', 'Shared Services',
   'ML Research', 'Payments', 'Search', 'Sandbox'][sub + 1] AS SubAccountName,
  CASE WHEN kind < 98 AND kind >= 94 THEN NULL ELSE 'SKU-' || svc || '-' || reg END AS SkuId,
  CASE WHEN kind < 98 AND kind >= 94 THEN NULL ELSE 'SKU-' || svc || '-' || reg || '-P' END AS SkuPriceId,
  CAST(NULL AS VARCHAR) AS ChargeClass,
  '{"env": "' || ['prod', 'staging', 'dev'][res % 3 + 1] || '", "team": "' ||
    ['platform', 'data', 'web', 'ml'][sub % 4 + 1] || '"}' AS Tags
FROM d
) TO )SQL" + SqlQuote(path) + " (FORMAT parquet)";
}

struct Month {
  int year, month;  // month 1..12
  std::string Period() const {
    char b[8];
    std::snprintf(b, sizeof b, "%04d-%02d", year, month);
    return b;
  }
  int Days() const {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
  }
  Month Next() const { return month == 12 ? Month{year + 1, 1} : Month{year, month + 1}; }
};

std::string Day(int year, int month, int day) {
  char b[11];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", year, month, day);
  return b;
}

}  // namespace

std::string DemoCloudFolder(const std::string& root, const std::string& connector_id) {
  return root + "/" + connector_id;
}

Result<int> PublishDemoDeliveries(DuckConnection& conn, const Connector& connector, const std::string& root,
                                  TimePoint now, int months) {
  namespace fs = std::filesystem;
  std::time_t t = Clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  int written = 0;
  for (int back = months - 1; back >= 0; --back) {
    Month m{tm.tm_year + 1900, tm.tm_mon + 1 - back};
    while (m.month <= 0) {
      m.month += 12;
      --m.year;
    }
    bool current = back == 0;
    // The open month's delivery covers the days so far (today's charges are not in yet,
    // but a demo that starts on the 1st should still show something).
    int days = current ? std::max(1, tm.tm_mday - 1) : m.Days();
    Month after = m.Next();
    std::string delivery = current ? Day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) : Day(after.year, after.month, 1);
    fs::path period_dir = fs::path(DemoCloudFolder(root, connector.id)) / ("BILLING_PERIOD=" + m.Period());
    fs::path delivery_dir = period_dir / delivery;
    if (fs::exists(delivery_dir / "part-00000.parquet")) continue;
    std::error_code ec;
    fs::create_directories(delivery_dir, ec);
    if (ec) return Status::Internal("cannot create " + delivery_dir.string() + ": " + ec.message());
    // Written under a temporary name and renamed: a sync listing the folder meanwhile never
    // sees half a file.
    std::string part = (delivery_dir / "part-00000.parquet").string();
    RETURN_IF_ERROR(conn.Execute(MonthSql(connector, m.Period(), days, part + ".tmp"))
                        .WithContext("writing the demo delivery " + delivery_dir.string()));
    fs::rename(part + ".tmp", part, ec);
    if (ec) return Status::Internal("cannot publish " + part + ": " + ec.message());
    ++written;
    for (const auto& older : fs::directory_iterator(period_dir, ec))
      if (older.path() != delivery_dir) fs::remove_all(older.path(), ec);
  }
  return written;
}

}  // namespace focusd
