-- FOCUS 1.0 view over the Cloud Billing *detailed* usage cost export, for billing accounts
-- that do not have Google's FOCUS export. focusd reads it like the FOCUS table: it groups by
-- FORMAT_TIMESTAMP('%Y-%m', BillingPeriodStart) and uses x_ExportTime to find the billing
-- periods that changed since the last sync (GCP appends corrections with a newer export time).
--
-- Written for focusd, following the column mapping of Google's published FOCUS BigQuery view
-- template (March 2024), without its join to the pricing export: ListUnitPrice is derived from
-- cost_at_list instead, and ServiceCategory (which needs the pricing taxonomy) is left NULL.
--
-- Replace before creating the view:
--   PROJECT.DATASET.gcp_billing_export_resource_v1_XXXXXX_XXXXXX_XXXXXX  your detailed export table
--   XXXXXX-XXXXXX-XXXXXX                                                your billing account ID
-- Create it, e.g.:
--   bq mk --use_legacy_sql=false --view "$(cat focus_view.sql)" PROJECT:DATASET.focus_v1_0
-- and give "focus_v1_0" to focusd as the source table of the connector.

WITH usage_cost AS (
  SELECT
    *,
    -- The committed use discount credit of the row, if any: it makes the charge "committed".
    (SELECT AS STRUCT c.type, c.id, c.full_name
       FROM UNNEST(credits) AS c
      WHERE c.type IN ('COMMITTED_USAGE_DISCOUNT', 'COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE')
      LIMIT 1) AS cud,
    IFNULL((SELECT SUM(CAST(c.amount AS NUMERIC)) FROM UNNEST(credits) AS c), 0) AS credit_total,
    ARRAY_CONCAT(
      ARRAY(SELECT AS STRUCT l.key AS key, l.value AS value, 'label' AS x_type, FALSE AS x_inherited
              FROM UNNEST(labels) AS l),
      ARRAY(SELECT AS STRUCT l.key AS key, l.value AS value, 'system_label' AS x_type, FALSE AS x_inherited
              FROM UNNEST(system_labels) AS l),
      ARRAY(SELECT AS STRUCT l.key AS key, l.value AS value, 'project_label' AS x_type, TRUE AS x_inherited
              FROM UNNEST(project.labels) AS l),
      ARRAY(SELECT AS STRUCT CONCAT(t.namespace, '/', t.key) AS key, t.value AS value, 'tag' AS x_type,
                   t.inherited AS x_inherited
              FROM UNNEST(tags) AS t)) AS focus_tags
  FROM `PROJECT.DATASET.gcp_billing_export_resource_v1_XXXXXX_XXXXXX_XXXXXX`
)
SELECT
  location.zone AS AvailabilityZone,
  CAST(cost AS NUMERIC) + credit_total AS BilledCost,
  'XXXXXX-XXXXXX-XXXXXX' AS BillingAccountId,
  currency AS BillingCurrency,
  -- Invoice months are Pacific time, as Cloud Billing invoices them.
  PARSE_TIMESTAMP('%Y%m', invoice.month, 'America/Los_Angeles') AS BillingPeriodStart,
  TIMESTAMP(DATE_ADD(PARSE_DATE('%Y%m', invoice.month), INTERVAL 1 MONTH), 'America/Los_Angeles')
    AS BillingPeriodEnd,
  CASE LOWER(cost_type)
    WHEN 'regular' THEN 'Usage'
    WHEN 'tax' THEN 'Tax'
    WHEN 'rounding_error' THEN 'Adjustment'
    WHEN 'adjustment' THEN 'Adjustment'
    ELSE 'Usage'
  END AS ChargeCategory,
  IF(COALESCE(adjustment_info.id, adjustment_info.description, adjustment_info.type,
              adjustment_info.mode) IS NOT NULL, 'Correction', NULL) AS ChargeClass,
  sku.description AS ChargeDescription,
  IF(cost_type = 'regular', 'Usage-Based', 'One-Time') AS ChargeFrequency,
  usage_start_time AS ChargePeriodStart,
  usage_end_time AS ChargePeriodEnd,
  CASE cud.type
    WHEN 'COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE' THEN 'Spend'
    WHEN 'COMMITTED_USAGE_DISCOUNT' THEN 'Usage'
  END AS CommitmentDiscountCategory,
  subscription.instance_id AS CommitmentDiscountId,
  cud.full_name AS CommitmentDiscountName,
  CAST(NULL AS STRING) AS CommitmentDiscountType,
  IF(cost_type = 'regular', CAST(usage.amount AS NUMERIC), NULL) AS ConsumedQuantity,
  IF(cost_type = 'regular', usage.unit, NULL) AS ConsumedUnit,
  CAST(cost AS NUMERIC) AS ContractedCost,
  CAST(price.effective_price AS NUMERIC) AS ContractedUnitPrice,
  CAST(cost AS NUMERIC) + credit_total AS EffectiveCost,
  'Google Cloud' AS InvoiceIssuerName,
  CAST(cost_at_list AS NUMERIC) AS ListCost,
  IF(cost_type = 'regular' AND price.pricing_unit_quantity > 0,
     SAFE_DIVIDE(CAST(cost_at_list AS NUMERIC), CAST(price.pricing_unit_quantity AS NUMERIC)), NULL)
    AS ListUnitPrice,
  IF(cost_type = 'regular',
     IF(LOWER(sku.description) LIKE 'commitment%' OR cud IS NOT NULL, 'Committed', 'Standard'),
     NULL) AS PricingCategory,
  IF(cost_type = 'regular', CAST(price.pricing_unit_quantity AS NUMERIC), NULL) AS PricingQuantity,
  IF(cost_type = 'regular', price.unit, NULL) AS PricingUnit,
  'Google Cloud' AS ProviderName,
  IF(transaction_type = 'GOOGLE', 'Google Cloud', seller_name) AS PublisherName,
  location.region AS RegionId,
  location.region AS RegionName,
  resource.global_name AS ResourceId,
  resource.name AS ResourceName,
  IF(STARTS_WITH(resource.global_name, '//'),
     REGEXP_REPLACE(resource.global_name,
       '(//)|(googleapis.com/)|(projects/[^/]+/)|(project_commitments/[^/]+/)|(locations/[^/]+/)|(regions/[^/]+/)|(zones/[^/]+/)|(global/)|(/[^/]+)',
       ''),
     NULL) AS ResourceType,
  CAST(NULL AS STRING) AS ServiceCategory,
  service.description AS ServiceName,
  IF(cost_type = 'regular', sku.id, NULL) AS SkuId,
  IF(cost_type = 'regular',
     CONCAT('Billing Account ID:', billing_account_id, ', SKU ID: ', sku.id,
            ', Price Tier Start Amount: ', CAST(price.tier_start_amount AS STRING)),
     NULL) AS SkuPriceId,
  -- FOCUS maps GCP projects to sub accounts.
  project.id AS SubAccountId,
  project.name AS SubAccountName,
  focus_tags AS Tags,
  ARRAY(SELECT AS STRUCT c.name AS Name, CAST(c.amount AS NUMERIC) AS Amount, c.full_name AS FullName,
               c.id AS Id, c.type AS Type
          FROM UNNEST(credits) AS c) AS x_Credits,
  cost_type AS x_CostType,
  CAST(currency_conversion_rate AS NUMERIC) AS x_CurrencyConversionRate,
  export_time AS x_ExportTime,
  location.location AS x_Location,
  billing_account_id AS x_SubBillingAccountId,
  service.id AS x_ServiceId
FROM usage_cost
