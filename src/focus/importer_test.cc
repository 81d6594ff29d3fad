// End-to-end tests of the reader: files on disk -> focusd's warehouse, as `focusd import` does.
#include "focus/importer.h"

#include <gtest/gtest.h>

#include "support/gzip.h"

#include <filesystem>
#include <fstream>
#include <iostream>


#include "core/random.h"
#include "focus/validator.h"
#include "warehouse/duckdb_warehouse.h"

namespace focusd {
namespace {

namespace fs = std::filesystem;

class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("focusd_import_" + RandomHex(6));
    fs::create_directories(dir_);
    Reopen();
  }
  void TearDown() override {
    wh_.reset();
    conn_.reset();
    db_.reset();
    fs::remove_all(dir_);
  }
  void Reopen() {
    wh_.reset();
    conn_.reset();
    db_.reset();
    auto db = DuckDatabase::Open((dir_ / "focusd.duckdb").string());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = *db;
    auto c = db_->Connect();
    ASSERT_TRUE(c.ok());
    conn_ = std::move(*c);
    wh_ = std::make_unique<DuckDbWarehouse>(conn_.get());
    ASSERT_TRUE(wh_->EnsureSchema().ok());
  }
  std::string Write(const std::string& name, const std::string& content) {
    auto p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  // Converts a CSV to gzip CSV or Parquet with DuckDB (Parquet with typed columns: costs as
  // DOUBLE or DECIMAL, timestamps as TIMESTAMP, as AWS and Azure write them).
  std::string Convert(const std::string& csv, const std::string& to, const std::string& select = "*") {
    std::string out = csv + (to == "gzip" ? ".gz" : ".parquet");
    std::string opts = to == "gzip" ? "(FORMAT csv, HEADER, COMPRESSION gzip)" : "(FORMAT parquet)";
    Status s = conn_->Execute("COPY (SELECT " + select + " FROM read_csv(" + SqlQuote(csv) +
                              ", all_varchar = true, header = true)) TO " + SqlQuote(out) + " " + opts);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }
  Result<ImportResult> Import(const std::vector<std::string>& files, const std::string& connector = "c1",
                              std::optional<FocusVersion> version = std::nullopt, ValidationHook validate = nullptr) {
    ImportOptions o;
    o.connector = connector;
    o.declared_version = version;
    o.validate = std::move(validate);
    return ImportFiles(*conn_, *wh_, files, o);
  }
  std::string One(const std::string& sql) {
    auto r = conn_->Query(sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString() << " in " << sql;
    return r.ok() && r->row_count() ? r->Text(0, 0) : "<none>";
  }
  // Everything stored, as one comparable text (to prove a refused import changed nothing).
  std::string Snapshot() {
    return One("SELECT count(*) || '|' || coalesce(sum(BilledCost), 0) || '|' || "
               "coalesce(string_agg(DISTINCT load_id, ',' ORDER BY load_id), '') FROM focus_costs");
  }

  fs::path dir_;
  std::shared_ptr<DuckDatabase> db_;
  std::unique_ptr<DuckConnection> conn_;
  std::unique_ptr<DuckDbWarehouse> wh_;
};

const char* kHeader12 =
    "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,"
    "ChargePeriodEnd,ChargeCategory,ChargeFrequency,BilledCost,EffectiveCost,ListCost,"
    "ServiceName,ProviderName,PublisherName,InvoiceId,Tags,x_ServiceCode\n";

std::string Row12(const std::string& period_start, const std::string& billed,
                  const std::string& currency = "USD") {
  return "acct-1," + currency + "," + period_start + ",2024-10-01T00:00:00Z," + period_start +
         ",2024-09-02T00:00:00Z,Usage,Usage-Based," + billed + "," + billed + "," + billed +
         ",Compute,AWS,AWS,inv-1,\"{\"\"env\"\": \"\"prod\"\"}\",AmazonEC2\n";
}

// The reference data folder: ../shared beside the repository (a worktree sits one level deeper).
std::string SharedDir() {
  for (std::string d : {std::string(FOCUSD_SHARED_DIR), std::string(FOCUSD_SOURCE_DIR) + "/../../shared"})
    if (fs::exists(d + "/focus/examples")) return d;
  return FOCUSD_SHARED_DIR;
}

TEST_F(ImporterTest, SpecExamplesImportWithExactTotals) {
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(SharedDir() + "/focus/examples")) {
    if (e.path().extension() != ".csv") continue;
    const std::string path = e.path().string();
    const std::string connector = "ex" + std::to_string(++files);
    // Expected totals straight from the file's text: strip "$" and thousands separators,
    // treat "", "null" as nothing.
    std::string expect = One(
        "SELECT count(*) || '|' || sum(CAST(nullif(nullif(regexp_replace(BilledCost, '[$, ]', '', 'g'), ''), 'null') "
        "AS DECIMAL(38,18))) || '|' || sum(CAST(nullif(nullif(regexp_replace(EffectiveCost, '[$, ]', '', 'g'), ''), 'null') "
        "AS DECIMAL(38,18))) FROM read_csv(" + SqlQuote(path) + ", all_varchar = true, header = true)");
    auto r = Import({path}, connector);
    ASSERT_TRUE(r.ok()) << path << ": " << r.status().ToString();
    EXPECT_EQ(One("SELECT count(*) || '|' || sum(BilledCost) || '|' || sum(EffectiveCost) FROM "
                  "focus_costs WHERE connector_id = '" + connector + "'"),
              expect)
        << path;
  }
  EXPECT_GE(files, 25);
  // Spot checks by hand from the files.
  EXPECT_EQ(One("SELECT sum(BilledCost)::VARCHAR FROM focus_costs WHERE source_file LIKE "
                "'%virtual_currency_pricing_model_c.csv'"),
            "53000.000000000000000000");
  EXPECT_EQ(One("SELECT sum(BilledCost)::VARCHAR FROM focus_costs WHERE source_file LIKE "
                "'%simple_saas_agreements_a1.csv'"),
            "10000.000000000000000000");
}

TEST_F(ImporterTest, EveryVersionInEveryFormatLandsInTheCanonicalSchema) {
  struct Case {
    std::string version, header, row;
  };
  const std::string t = "2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,2024-09-01T00:00:00Z,2024-09-02T00:00:00Z";
  std::vector<Case> cases = {
      {"pre-1.0",
       "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeType,BilledCost,"
       "AmortizedCost,ListCost,BillingCurrency,UsageQuantity,UsageUnit,Region,PricingCategory,ProviderName,PublisherName",
       t + ",Usage,1.25,1.5,2,USD,3,Hours,us-east-1,On-Demand,Acme,AcmeSoft"},
      {"1.0",
       "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost,"
       "EffectiveCost,ListCost,BillingCurrency,ConsumedQuantity,ConsumedUnit,RegionId,ChargeClass,PricingCategory,ProviderName,PublisherName,oci_CompartmentId",
       t + ",Usage,1.25,1.5,2,USD,3,Hours,us-east-1,,Standard,Acme,AcmeSoft,ocid1.compartment"},
      {"1.1",
       "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost,"
       "EffectiveCost,ListCost,BillingCurrency,ConsumedQuantity,ConsumedUnit,RegionId,SkuMeter,PricingCategory,ProviderName,PublisherName",
       t + ",Usage,1.25,1.5,2,USD,3,Hours,us-east-1,Compute Hour,Standard,Acme,AcmeSoft"},
      {"1.2",
       "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost,"
       "EffectiveCost,ListCost,BillingCurrency,ConsumedQuantity,ConsumedUnit,RegionId,InvoiceId,PricingCategory,ProviderName,PublisherName",
       t + ",Usage,1.25,1.5,2,USD,3,Hours,us-east-1,inv-7,Standard,Acme,AcmeSoft"},
      {"1.3",
       "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost,"
       "EffectiveCost,ListCost,BillingCurrency,ConsumedQuantity,ConsumedUnit,RegionId,ServiceProviderName,HostProviderName,PricingCategory,ProviderName,PublisherName",
       t + ",Usage,1.25,1.5,2,USD,3,Hours,us-east-1,Acme,AcmeSoft,Standard,Acme,AcmeSoft"},
  };
  int n = 0;
  for (const auto& c : cases) {
    std::string csv = Write("v" + c.version + ".csv", c.header + "\n" + c.row + "\n" + c.row + "\n");
    std::string typed = "* REPLACE (CAST(BilledCost AS DOUBLE) AS BilledCost, CAST(" +
                        std::string(c.version == "pre-1.0" ? "AmortizedCost" : "EffectiveCost") +
                        " AS DECIMAL(20,6)) AS " + (c.version == "pre-1.0" ? "AmortizedCost" : "EffectiveCost") +
                        ", CAST(ChargePeriodStart AS TIMESTAMP) AS ChargePeriodStart, "
                        "CAST(BillingPeriodStart AS TIMESTAMPTZ) AS BillingPeriodStart)";
    for (const std::string& file : {csv, Convert(csv, "gzip"), Convert(csv, "parquet", typed)}) {
      SCOPED_TRACE(file);
      std::string connector = "v" + std::to_string(++n);
      auto r = Import({file}, connector);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_STREQ(FocusVersionName(r->staged.version), c.version.c_str());
      ASSERT_EQ(r->load.periods.size(), 1u);
      EXPECT_EQ(r->load.periods[0].billing_period, "2024-09");
      ASSERT_EQ(r->load.periods[0].stored.size(), 1u);
      const auto& tot = r->load.periods[0].stored[0];
      EXPECT_EQ(tot.currency, "USD");
      EXPECT_EQ(tot.rows, 2);
      EXPECT_EQ(tot.billed_cost, "2.5");
      EXPECT_EQ(tot.effective_cost, "3");
      EXPECT_EQ(tot.list_cost, "4");
      EXPECT_EQ(One("SELECT ChargeCategory || '|' || ConsumedQuantity::DOUBLE || '|' || RegionId || '|' || "
                    "PricingCategory || '|' || ServiceProviderName || '|' || HostProviderName || '|' || "
                    "strftime(ChargePeriodStart, '%Y-%m-%d %H:%M:%S') FROM focus_costs WHERE connector_id = '" +
                    connector + "' LIMIT 1"),
                "Usage|3.0|us-east-1|Standard|Acme|AcmeSoft|2024-09-01 00:00:00");
    }
  }
  // Extension columns stay queryable.
  EXPECT_EQ(One("SELECT x_extensions->>'oci_CompartmentId' FROM focus_costs WHERE connector_id = 'v4' LIMIT 1"),
            "ocid1.compartment");
}

TEST_F(ImporterTest, RestatingAMonthReplacesItAndSameFilesTwiceChangeNothing) {
  std::string v1 = Write("v1.csv", std::string(kHeader12) + Row12("2024-09-01T00:00:00Z", "10") +
                                       Row12("2024-09-01T00:00:00Z", "5") + Row12("2024-08-01T00:00:00Z", "7"));
  std::string v2 = Write("v2.csv", std::string(kHeader12) + Row12("2024-09-01T00:00:00Z", "12.5"));
  ASSERT_TRUE(Import({v1}).ok());
  EXPECT_EQ(One("SELECT count(*) || '|' || sum(BilledCost)::DOUBLE FROM focus_costs"), "3|22.0");
  std::string before = One("SELECT count(*) || '|' || sum(BilledCost) FROM focus_costs");
  auto again = Import({v1});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(One("SELECT count(*) || '|' || sum(BilledCost) FROM focus_costs"), before);
  EXPECT_EQ(again->load.periods[1].replaced_rows, 2);
  // Restate September twice: exactly one copy, August untouched.
  ASSERT_TRUE(Import({v2}).ok());
  ASSERT_TRUE(Import({v2}).ok());
  EXPECT_EQ(One("SELECT string_agg(billing_period || '=' || n || ':' || s, ' ' ORDER BY billing_period) FROM "
                "(SELECT billing_period, count(*) n, sum(BilledCost)::DOUBLE s FROM focus_costs GROUP BY 1)"),
            "2024-08=1:7.0 2024-09=1:12.5");
  auto periods = wh_->ListPeriods("c1");
  ASSERT_TRUE(periods.ok());
  ASSERT_EQ(periods->size(), 2u);
  EXPECT_EQ((*periods)[1].totals[0].billed_cost, "12.5");
  // Another connector's same month is a different key.
  ASSERT_TRUE(Import({v2}, "c2").ok());
  EXPECT_EQ(One("SELECT count(*) FROM focus_costs WHERE billing_period = '2024-09'"), "2");
  EXPECT_EQ(One("SELECT count(*) FROM focus_loads WHERE status = 'committed'"), "7");
}

TEST_F(ImporterTest, ReadsRealWorldQuirksExactly) {
  // BOM, "NULL" and a quoted "" as null (reported; an unquoted empty field is CSV's own null
  // and is not), T/space/Z/fraction/offset timestamps, E notation, 18 digits,
  // enum casing, quoted fields with commas and newlines.
  std::string csv = Write("quirks.csv",
      "\xEF\xBB\xBF" "BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,"
      "ChargeCategory,ChargeFrequency,BilledCost,EffectiveCost,ListCost,ChargeDescription,ResourceId\n"
      "USD,2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,2024-09-01 00:00:00,2024-09-01T01:00:00.123Z,usage,Usage-based,"
      "0.123456789012345678,1.5E-3,1e2,\"a, \"\"quoted\"\"\nline\",NULL\n"
      "USD,2024-09-01 00:00:00,2024-10-01 00:00:00,2024-09-01T02:00:00+02:00,2024-09-01T03:00:00,Usage,USAGE-BASED,"
      "0.000000000000000001,-2.5e-1,,,\"\"\n");
  auto r = Import({csv});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->load.periods.size(), 1u);
  const auto& t = r->load.periods[0].stored.at(0);
  EXPECT_EQ(t.billed_cost, "0.123456789012345679");
  EXPECT_EQ(t.effective_cost, "-0.2485");
  EXPECT_EQ(t.list_cost, "100");
  EXPECT_EQ(r->normalize.null_like.at("ResourceId"), 2);
  EXPECT_EQ(r->normalize.null_like.count("ListCost"), 0u);
  EXPECT_EQ(r->normalize.enum_recased.at("ChargeFrequency"), 2);
  EXPECT_EQ(r->normalize.enum_recased.at("ChargeCategory"), 1);
  EXPECT_EQ(One("SELECT string_agg(ChargeFrequency || ' ' || ChargeCategory || ' ' || "
                "strftime(ChargePeriodStart, '%Y-%m-%d %H:%M:%S') || ' ' || coalesce(ResourceId, '-'), '; ' "
                "ORDER BY ChargePeriodEnd) FROM focus_costs"),
            "Usage-Based Usage 2024-09-01 00:00:00 -; Usage-Based Usage 2024-09-01 00:00:00 -");
  EXPECT_EQ(One("SELECT strftime(max(ChargePeriodEnd), '%H:%M:%S.%f') FROM focus_costs"), "03:00:00.000000");
  EXPECT_EQ(One("SELECT ChargeDescription FROM focus_costs WHERE ChargeDescription IS NOT NULL"),
            "a, \"quoted\"\nline");
  EXPECT_EQ(One("SELECT typeof(BilledCost) FROM focus_costs LIMIT 1"), "DECIMAL(38,18)");
}

// The validator's scan takes the normalizer's profile along (SharedScan): the import then
// reads its rows once less, and what it stores and reports is exactly what the normalizer's
// own scan gives.
TEST_F(ImporterTest, TheValidatorsScanTakesTheNormalizerProfileAlong) {
  std::string csv = Write("shared.csv",
      "BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,"
      "ChargeCategory,ChargeFrequency,BilledCost,EffectiveCost,ListCost,ResourceId,x_Note\n"
      "USD,2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,2024-09-01 00:00:00,2024-09-02T00:00:00Z,usage,Usage-based,"
      "\"$1,000.00\",1.5E-3,1e2,NULL,Null\n"
      "USD,2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,4/1/25,2024-09-02T00:00:00Z,Usage,Recurring,"
      "2,2,2,Null,\"\"\n");
  std::string parquet = Convert(csv, "parquet", "* REPLACE (CAST(EffectiveCost AS DOUBLE) AS EffectiveCost)");
  for (const std::string& file : {csv, parquet}) {
    SCOPED_TRACE(file);
    bool shared_filled = false;
    ValidationReport with_profile, alone;
    ValidationHook hook = [&](DuckConnection& c, const StagedFiles& staged, SharedScan* shared) -> Status {
      ASSIGN_OR_RETURN(with_profile, FocusValidator::Validate(c, staged, ValidatorOptions::SharingScan(shared)));
      shared_filled = shared->result.has_value();
      ASSIGN_OR_RETURN(alone, FocusValidator::Validate(c, staged));
      return Status::Ok();
    };
    Reopen();  // a fresh session: nothing a previous import set up helps the shared scan
    auto shared = Import({file}, "shared", std::nullopt, hook);
    auto own = Import({file}, "own");
    ASSERT_TRUE(own.ok()) << own.status().ToString();
    ASSERT_TRUE(shared.ok()) << shared.status().ToString();
    EXPECT_TRUE(shared_filled);
    // The validator reports the same with the profile taken along (which then answers its
    // null-like counts) as alone; "Null" is null-like text to both.
    ASSERT_EQ(with_profile.rules.size(), alone.rules.size());
    for (size_t i = 0; i < alone.rules.size(); ++i) {
      EXPECT_EQ(with_profile.rules[i].rule_id + " " + with_profile.rules[i].column + " " +
                    std::to_string(with_profile.rules[i].violations),
                alone.rules[i].rule_id + " " + alone.rules[i].column + " " + std::to_string(alone.rules[i].violations));
      EXPECT_EQ(with_profile.rules[i].samples, alone.rules[i].samples);
    }
    std::map<std::string, int64_t> null_literals;
    for (const auto& r : alone.rules)
      if (r.rule_id == "focusd-NullLiteral") null_literals[r.column] = r.violations;
    // (The Parquet copy was written by DuckDB's CSV reader, which reads the quoted "" as null.)
    EXPECT_EQ(null_literals, (std::map<std::string, int64_t>{{"ResourceId", 2}, {"x_Note", file == csv ? 2 : 1}}));
    EXPECT_EQ(shared->normalize.null_like, own->normalize.null_like);
    EXPECT_EQ(shared->normalize.enum_recased, own->normalize.enum_recased);
    EXPECT_EQ(shared->normalize.nonstandard, own->normalize.nonstandard);
    EXPECT_EQ(shared->load.periods[0].stored, own->load.periods[0].stored);
    // What both report, checked against the file: "NULL"/"Null"/"" are null-like, two enum
    // values re-spelled, "$1,000.00" and "4/1/25" read from a non-standard form.
    EXPECT_EQ(own->normalize.null_like.at("ResourceId"), 2);
    EXPECT_EQ(own->normalize.enum_recased.at("ChargeCategory"), 1);
    EXPECT_EQ(own->normalize.enum_recased.at("ChargeFrequency"), 1);
    EXPECT_EQ(own->normalize.nonstandard.at("BilledCost"), 1);
    EXPECT_EQ(own->normalize.nonstandard.at("ChargePeriodStart"), 1);
    EXPECT_EQ(own->load.periods[0].stored[0].billed_cost, "1002");
    EXPECT_EQ(One("SELECT count(*) FROM (SELECT * EXCLUDE (connector_id, load_id, loaded_at) FROM focus_costs "
                  "WHERE connector_id = 'own' EXCEPT ALL SELECT * EXCLUDE (connector_id, load_id, loaded_at) "
                  "FROM focus_costs WHERE connector_id = 'shared')"),
              "0");
  }
}

TEST_F(ImporterTest, SumsOfEighteenDigitCostsAreExact) {
  std::string body = kHeader12;
  for (int i = 0; i < 1000; ++i) body += Row12("2024-09-01T00:00:00Z", "0.100000000000000001");
  auto r = Import({Write("many.csv", body)});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->load.periods[0].stored[0].billed_cost, "100.000000000000001");
  EXPECT_EQ(r->load.periods[0].source[0].billed_cost, "100.000000000000001");
}

// A gzip stream cut exactly after a flush: it decodes to whole lines, without an end marker.
std::string SyncFlushedGzip(const std::string& data) { return testing::Gzip(data, /*finish=*/false); }

TEST_F(ImporterTest, BadFilesAreRefusedNamingTheFileAndNothingIsLost) {
  std::string good = Write("good.csv", std::string(kHeader12) + Row12("2024-09-01T00:00:00Z", "10"));
  ASSERT_TRUE(Import({good}).ok());
  const std::string before = Snapshot();

  std::string gz = Convert(Write("big.csv", [] {
    std::string s = kHeader12;
    for (int i = 0; i < 20000; ++i) s += Row12("2024-09-01T00:00:00Z", std::to_string(i));
    return s;
  }()), "gzip");
  std::string gz_bytes;
  {
    std::ifstream in(gz, std::ios::binary);
    gz_bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::string pq = Convert(good, "parquet");
  std::string pq_bytes;
  {
    std::ifstream in(pq, std::ios::binary);
    pq_bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  struct Bad {
    std::string name, content, expect;
    std::optional<FocusVersion> version;
  };
  std::vector<Bad> bad = {
      {"truncated.csv.gz", gz_bytes.substr(0, gz_bytes.size() / 2), "truncated gzip", {}},
      {"cut_at_flush.csv.gz", SyncFlushedGzip(std::string(kHeader12) + Row12("2024-09-01T00:00:00Z", "1")),
       "truncated gzip", {}},
      {"cut.parquet", pq_bytes.substr(0, pq_bytes.size() - 100), "Parquet", {}},
      {"notfocus.csv", "name,amount\nalice,3\n", "missing columns BillingPeriodStart", {}},
      {"empty.csv", "", "empty", {}},
      {"header_only.csv", kHeader12, "no data rows", {}},
      {"badtype.csv", std::string(kHeader12) + Row12("2024-09-01T00:00:00Z", "10") +
                          Row12("2024-09-01T00:00:00Z", "ten dollars"),
       "row 2: column BilledCost: value 'ten dollars'", {}},
      {"badtime.csv", std::string(kHeader12) + Row12("yesterday", "10"), "row 1: column BillingPeriodStart", {}},
      {"v12.csv", std::string(kHeader12) + Row12("2024-09-01T00:00:00Z", "10"), "declared FOCUS 1.0 but the file is FOCUS 1.2",
       FocusVersion::k10},
      {"garbage.csv", std::string("\x00\xff\xfe\x13garbage\x00\x01\x02\n\x89PNG\r\n\x1a\n", 22), "", {}},
      {"ragged.csv", std::string(kHeader12) + "a,b,c\n", "cannot read CSV", {}},
  };
  for (const auto& b : bad) {
    SCOPED_TRACE(b.name);
    std::string path = Write(b.name, b.content);
    auto r = Import({path}, "c1", b.version);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find(path), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find(b.expect), std::string::npos) << r.status().message();
    EXPECT_EQ(Snapshot(), before);
    std::cout << "  refused " << b.name << ": " << r.status().message() << "\n";
  }
  // A good file beside a bad one: nothing of either is stored.
  std::string good2 = Write("good2.csv", std::string(kHeader12) + Row12("2024-09-01T00:00:00Z", "99"));
  EXPECT_FALSE(Import({good2, dir_.string() + "/badtype.csv"}).ok());
  EXPECT_EQ(Snapshot(), before);
  // No temporary tables are left behind by refused imports.
  EXPECT_EQ(One("SELECT count(*) FROM duckdb_tables() WHERE temporary"), "0");
}

TEST_F(ImporterTest, ParquetFocusMetadataStatesTheVersion) {
  std::string csv = Write("m.csv", std::string(kHeader12) + Row12("2024-09-01T00:00:00Z", "1"));
  std::string ok = dir_.string() + "/m13.parquet", wrong = dir_.string() + "/m10.parquet";
  ASSERT_TRUE(conn_->Execute("COPY (SELECT * FROM read_csv(" + SqlQuote(csv) + ")) TO " + SqlQuote(ok) +
                             " (FORMAT parquet, KV_METADATA {FocusVersion: '1.3'})").ok());
  ASSERT_TRUE(conn_->Execute("COPY (SELECT * FROM read_csv(" + SqlQuote(csv) + ")) TO " + SqlQuote(wrong) +
                             " (FORMAT parquet, KV_METADATA {FocusVersion: '1.0'})").ok());
  auto r = Import({ok});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->staged.version, FocusVersion::k13);  // the columns alone say 1.2
  auto bad = Import({wrong});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(wrong + ": its FOCUS metadata says FocusVersion 1.0 but the columns are FOCUS 1.2"),
            std::string::npos) << bad.status().message();
}

TEST_F(ImporterTest, SeveralFilesAndCurrenciesAreTotalledPerPeriodAndCurrency) {
  std::string a = Write("a.csv", std::string(kHeader12) + Row12("2024-09-01T00:00:00Z", "1.1") +
                                     Row12("2024-09-01T00:00:00Z", "2", "EUR"));
  std::string b = Write("b.csv", std::string(kHeader12) + Row12("2024-09-01T00:00:00Z", "3.3") +
                                     Row12("2024-10-01T00:00:00Z", "4"));
  auto r = Import({a, Convert(b, "parquet")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->load.periods.size(), 2u);
  const auto& sep = r->load.periods[0];
  ASSERT_EQ(sep.stored.size(), 2u);
  EXPECT_EQ(sep.stored[0].currency, "EUR");
  EXPECT_EQ(sep.stored[0].billed_cost, "2");
  EXPECT_EQ(sep.stored[1].billed_cost, "4.4");
  EXPECT_EQ(sep.stored[1].rows, 2);
  EXPECT_EQ(One("SELECT _row FROM (SELECT 1 AS _row)"), "1");
  EXPECT_EQ(One("SELECT count(DISTINCT source_file) FROM focus_costs"), "2");
}

}  // namespace
}  // namespace focusd
