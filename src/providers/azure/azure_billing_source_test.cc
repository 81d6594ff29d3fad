// End-to-end tests of the Azure connector against Azurite (Shared Key and SAS over HTTP;
// service principal over HTTPS with --oauth basic and the test Entra token endpoint).
#include "providers/azure/azure_billing_source.h"

// RunSpec literals name only the fields a test cares about; the rest keep their defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/random.h"
#include "db/duckdb.h"
#include "support/azure_blob_writer.h"
#include "support/azurite_process.h"
#include "support/entra_token_server.h"
#include "support/tls_test_cert.h"

namespace focusd {
namespace {

using testing::AzuriteProcess;
using testing::AzureBlobWriter;
using testing::kAzuriteAccount;
using testing::kAzuriteKey;

std::string NewDir(const std::string& name) {
  std::string dir = ::testing::TempDir() + "/azure-" + name + "-" + RandomHex(4);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A FOCUS part file as Cost Management writes it (a few FOCUS columns and Azure x_ columns),
// `rows` rows, costs starting at `cost`; gzip CSV or Parquet bytes.
std::string MakePart(int rows, double cost, bool parquet) {
  static auto db = *DuckDatabase::Open(":memory:", 1);
  auto conn = std::move(db->Connect()).value();
  std::string path = ::testing::TempDir() + "/part-" + RandomHex(6) + (parquet ? ".parquet" : ".csv.gz");
  std::string select =
      "SELECT CAST(" + std::to_string(cost) + " + i AS DECIMAL(18,6)) AS BilledCost, "
      "'USD' AS BillingCurrency, TIMESTAMP '2024-01-01' AS BillingPeriodStart, "
      "TIMESTAMP '2024-02-01' AS BillingPeriodEnd, 'Usage' AS ChargeCategory, "
      "'rg-' || i AS x_ResourceGroupName, 'Virtual Machines' AS x_SkuMeterCategory, "
      "'{\"env\": \"prod\",\n\"team\": \"a\"}' AS Tags FROM range(" + std::to_string(rows) + ") t(i)";
  Status st = conn->Execute("COPY (" + select + ") TO " + SqlQuote(path) +
                            (parquet ? " (FORMAT parquet)" : " (FORMAT csv, HEADER, COMPRESSION gzip)"));
  EXPECT_TRUE(st.ok()) << st.ToString();
  std::string bytes = ReadFile(path);
  std::filesystem::remove(path);
  return bytes;
}

struct Part {
  std::string name;
  std::string content;
  int64_t rows;
};

struct RunSpec {
  std::string folder = "focus/exports";
  std::string export_name = "focus-monthly";
  std::string range = "20240101-20240131";
  std::string run_id;  // "" for overwrite mode (no run folder)
  std::string submitted;
  std::vector<Part> parts;
  bool write_manifest = true;
  std::function<void(nlohmann::json&)> tweak;  // edits the manifest before it is written
};

// Writes a run the way Cost Management does: the parts first, the manifest last.
void WriteRun(AzureBlobWriter& w, const std::string& container, const RunSpec& spec) {
  std::string dir = spec.folder + "/" + spec.export_name + "/" + spec.range + "/" +
                    (spec.run_id.empty() ? "" : spec.run_id + "/");
  nlohmann::json blobs = nlohmann::json::array();
  int64_t bytes = 0, rows = 0;
  for (const auto& p : spec.parts) {
    Status put = w.Put(container, dir + p.name, p.content);
    ASSERT_TRUE(put.ok()) << put.ToString();
    blobs.push_back({{"blobName", dir + p.name}, {"byteCount", p.content.size()}, {"dataRowCount", p.rows}});
    bytes += p.content.size();
    rows += p.rows;
  }
  if (!spec.write_manifest) return;
  std::string start = spec.range.substr(0, 4) + "-" + spec.range.substr(4, 2) + "-" + spec.range.substr(6, 2);
  nlohmann::json manifest = {
      {"manifestVersion", "2024-04-01"}, {"byteCount", bytes}, {"blobCount", spec.parts.size()}, {"dataRowCount", rows},
      {"exportConfig", {{"exportName", spec.export_name}, {"dataVersion", "1.0r2"}, {"apiVersion", "2023-07-01-preview"},
                        {"type", "FocusCost"}, {"timeFrame", "MonthToDate"}, {"granularity", "Daily"}}},
      {"deliveryConfig", {{"partitionData", true},
                          {"dataOverwriteBehavior", spec.run_id.empty() ? "OverwritePreviousReport" : "CreateNewReport"},
                          {"fileFormat", "Csv"}, {"compressionMode", "Gzip"}, {"rootFolderPath", spec.folder}}},
      {"runInfo", {{"executionType", "Scheduled"}, {"submittedTime", spec.submitted}, {"runId", spec.run_id},
                   {"startDate", start + "T00:00:00"}, {"endDate", start + "T00:00:00"}}},
      {"blobs", blobs}};
  if (spec.tweak) spec.tweak(manifest);
  ASSERT_TRUE(w.Put(container, dir + "manifest.json", manifest.dump(2)).ok());
}

RetryPolicy NoWaitRetry() {
  RetryPolicy r;
  r.max_attempts = 2;
  r.sleep = [](std::chrono::milliseconds) {};
  return r;
}

nlohmann::json Fields(const std::string& container, const std::string& folder, const std::string& endpoint,
                      const std::string& region = "Default") {
  return {{"region", region}, {"storage_account", kAzuriteAccount}, {"path", container + "/" + folder},
          {"blob_endpoint", endpoint}};
}

std::unique_ptr<AzureBillingSource> MakeSource(const nlohmann::json& fields, const std::string& kind,
                                               const nlohmann::json& secret, const std::string& ca_file = "",
                                               int page_size = 5000) {
  auto config = AzureSourceConfigFromFields(fields);
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  config->ca_file = ca_file;
  AzureSourceOptions options;
  options.retry = NoWaitRetry();
  options.list_page_size = page_size;
  auto source = AzureBillingSource::Create(*config, kind, secret, options);
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  return source.ok() ? std::move(*source) : nullptr;
}

std::string StepsText(const ConnectionReport& r) {
  std::string s;
  for (const auto& st : r.steps) s += st.name + (st.ok ? " ok: " : " FAILED: ") + st.message + " | " + st.hint + "\n";
  return s;
}

// ---------------------------------------------------------------------------------------
// Shared Key and SAS over HTTP.

class AzureExportSharedKeyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { azurite_ = new AzuriteProcess(NewDir("azurite")); }
  static void TearDownTestSuite() {
    delete azurite_;
    azurite_ = nullptr;
  }
  void SetUp() override {
    container_ = "billing" + RandomHex(4);
    Status created = writer_.CreateContainer(container_);
    ASSERT_TRUE(created.ok()) << created.ToString();
  }
  std::unique_ptr<AzureBillingSource> KeySource(int page_size = 5000, const std::string& key = kAzuriteKey) {
    return MakeSource(Fields(container_, "focus/exports", azurite_->blob_endpoint()), "azure_storage_key",
                      {{"account_key", key}}, "", page_size);
  }

  static AzuriteProcess* azurite_;
  AzureBlobWriter writer_{azurite_->blob_endpoint(), kAzuriteAccount, kAzuriteKey};
  std::string container_;
};
AzuriteProcess* AzureExportSharedKeyTest::azurite_ = nullptr;

TEST_F(AzureExportSharedKeyTest, TwoMonthsSeveralRunsNewestRunWinsAndFilesAreByteIdentical) {
  Part jan_a1{"part_0_0001.csv.gz", MakePart(3, 1.5, false), 3};
  Part jan_a2{"part_1_0001.csv.gz", MakePart(2, 7.25, false), 2};
  Part jan_b1{"part_0_0001.csv.gz", MakePart(4, 2.0, false), 4};
  Part feb_c1{"part_0_0001.parquet", MakePart(5, 3.0, true), 5};
  Part feb_c2{"part_1_0001.parquet", MakePart(1, 9.0, true), 1};
  WriteRun(writer_, container_, {.run_id = "run-a", .submitted = "2024-02-01T06:00:00.1Z", .parts = {jan_a1, jan_a2}});
  WriteRun(writer_, container_, {.run_id = "run-b", .submitted = "2024-02-05T06:00:00.2Z", .parts = {jan_b1}});
  WriteRun(writer_, container_, {.range = "20240201-20240229", .run_id = "run-c", .submitted = "2024-03-01T06:00:00Z",
                                 .parts = {feb_c1, feb_c2}});
  // A newer February run still being written: parts but no manifest yet.
  WriteRun(writer_, container_, {.range = "20240201-20240229", .run_id = "run-d", .submitted = "2024-03-02T06:00:00Z",
                                 .parts = {{"part_0_0001.parquet", MakePart(2, 1.0, true), 2}},
                                 .write_manifest = false});

  auto source = KeySource(/*page_size=*/2);  // forces marker pagination
  auto deliveries = source->Discover();
  ASSERT_TRUE(deliveries.ok()) << deliveries.status().ToString();
  ASSERT_EQ(deliveries->size(), 2u);
  const PeriodDelivery& jan = (*deliveries)[0];
  const PeriodDelivery& feb = (*deliveries)[1];
  EXPECT_EQ(jan.billing_period, "2024-01");
  EXPECT_NE(jan.delivery_id.find("/run-b/manifest.json#"), std::string::npos) << jan.delivery_id;
  EXPECT_EQ(jan.expected_rows, 4);
  EXPECT_EQ(jan.format, FileFormat::kCsvGzip);
  ASSERT_EQ(jan.files.size(), 1u);
  EXPECT_EQ(feb.billing_period, "2024-02");
  EXPECT_NE(feb.delivery_id.find("/run-c/manifest.json#"), std::string::npos) << feb.delivery_id;
  EXPECT_EQ(feb.expected_rows, 6);
  EXPECT_EQ(feb.format, FileFormat::kParquet);

  std::string dir = NewDir("fetch");
  auto jan_paths = source->Fetch(jan, dir + "/jan");
  ASSERT_TRUE(jan_paths.ok()) << jan_paths.status().ToString();
  ASSERT_EQ(jan_paths->size(), 1u);
  EXPECT_EQ(ReadFile((*jan_paths)[0]), jan_b1.content);
  auto feb_paths = source->Fetch(feb, dir + "/feb");
  ASSERT_TRUE(feb_paths.ok()) << feb_paths.status().ToString();
  ASSERT_EQ(feb_paths->size(), 2u);
  EXPECT_EQ(ReadFile((*feb_paths)[0]), feb_c1.content);
  EXPECT_EQ(ReadFile((*feb_paths)[1]), feb_c2.content);
}

TEST_F(AzureExportSharedKeyTest, RestatedMonthReplacesTheEarlierRun) {
  Part first{"part_0_0001.csv.gz", MakePart(3, 1.0, false), 3};
  WriteRun(writer_, container_, {.run_id = "run-1", .submitted = "2024-02-01T06:00:00Z", .parts = {first}});
  WriteRun(writer_, container_, {.range = "20240201-20240229", .run_id = "run-f", .submitted = "2024-03-01T06:00:00Z",
                                 .parts = {{"part_0_0001.csv.gz", MakePart(2, 5.0, false), 2}}});
  auto source = KeySource();
  auto before = source->Discover();
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  ASSERT_EQ(before->size(), 2u);

  // Cost Management restates January in a later run.
  Part r1{"part_0_0001.csv.gz", MakePart(4, 1.1, false), 4};
  Part r2{"part_1_0001.csv.gz", MakePart(2, 8.0, false), 2};
  WriteRun(writer_, container_, {.run_id = "run-restated", .submitted = "2024-03-04T06:00:00Z", .parts = {r1, r2}});
  auto after = source->Discover();
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 2u);
  EXPECT_NE((*after)[0].delivery_id, (*before)[0].delivery_id);
  EXPECT_NE((*after)[0].delivery_id.find("run-restated"), std::string::npos);
  EXPECT_EQ((*after)[0].expected_rows, 6);
  EXPECT_EQ((*after)[1].delivery_id, (*before)[1].delivery_id);  // February untouched
  auto paths = source->Fetch((*after)[0], NewDir("restated"));
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  ASSERT_EQ(paths->size(), 2u);
  EXPECT_EQ(ReadFile((*paths)[0]), r1.content);
  EXPECT_EQ(ReadFile((*paths)[1]), r2.content);
}

TEST_F(AzureExportSharedKeyTest, OverwriteModeWithoutRunFolders) {
  Part p{"part_0_0001.csv.gz", MakePart(3, 1.0, false), 3};
  WriteRun(writer_, container_, {.export_name = "focus-overwrite", .submitted = "2024-02-01T06:00:00Z", .parts = {p}});
  auto source = KeySource();
  auto d = source->Discover();
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->size(), 1u);
  EXPECT_NE((*d)[0].delivery_id.find("focus-overwrite/20240101-20240131/manifest.json#"), std::string::npos);
  auto paths = source->Fetch((*d)[0], NewDir("overwrite"));
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  EXPECT_EQ(ReadFile((*paths)[0]), p.content);

  // The next run overwrites the same folder: the old delivery is stale, the new one loads.
  Part q{"part_0_0001.csv.gz", MakePart(5, 2.0, false), 5};
  WriteRun(writer_, container_, {.export_name = "focus-overwrite", .submitted = "2024-02-02T06:00:00Z", .parts = {q}});
  auto stale = source->Fetch((*d)[0], NewDir("stale"));
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kFailedPrecondition);
  auto d2 = source->Discover();
  ASSERT_TRUE(d2.ok());
  EXPECT_NE((*d2)[0].delivery_id, (*d)[0].delivery_id);
  auto fresh = source->Fetch((*d2)[0], NewDir("fresh"));
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  EXPECT_EQ(ReadFile((*fresh)[0]), q.content);
}

// A part with every column of Azure's FocusCost 1.2-preview export schema (52 of them x_),
// as Parquet: it arrives byte for byte, so every x_ column reaches the FOCUS engine.
TEST_F(AzureExportSharedKeyTest, AzureExtensionColumnsArriveUntouched) {
  // The reference data folder; FOCUSD_SHARED_DIR in the environment overrides the build's
  // (for checkouts that do not sit beside it).
  const char* shared = std::getenv("FOCUSD_SHARED_DIR");
  std::string schema_path = std::string(shared ? shared : FOCUSD_SHARED_DIR) +
                            "/focus/azure-export-schemas/focuscost_1.2-preview.json";
  std::ifstream in(schema_path);
  ASSERT_TRUE(in.good()) << "cannot read " << schema_path;
  nlohmann::json schema = nlohmann::json::parse(in);
  std::string select;
  std::vector<std::string> x_columns;
  for (const auto& m : schema["translator"]["mappings"]) {
    std::string name = m["source"]["name"], type = m["source"]["type"];
    std::string value = type == "Decimal" ? "CAST(1.25 + i AS DECIMAL(38,18))"
                        : type == "Boolean" ? "false"
                        : type == "DateTimeOffset" ? "TIMESTAMP '2024-01-01'" : "'v' || i";
    select += (select.empty() ? "" : ", ") + value + " AS " + SqlIdent(name);
    if (name.rfind("x_", 0) == 0) x_columns.push_back(name);
  }
  ASSERT_GE(x_columns.size(), 50u);
  auto db = *DuckDatabase::Open(":memory:", 1);
  auto conn = std::move(db->Connect()).value();
  std::string local = NewDir("schema") + "/part.parquet";
  ASSERT_TRUE(conn->Execute("COPY (SELECT " + select + " FROM range(4) t(i)) TO " + SqlQuote(local) +
                            " (FORMAT parquet)").ok());
  Part p{"part_0_0001.snappy.parquet", ReadFile(local), 4};
  WriteRun(writer_, container_, {.run_id = "run-x", .submitted = "2024-02-01T06:00:00Z", .parts = {p}});

  auto source = KeySource();
  auto d = source->Discover();
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->size(), 1u);
  auto paths = source->Fetch((*d)[0], NewDir("xcols"));
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  EXPECT_EQ(ReadFile((*paths)[0]), p.content);
  auto cols = conn->Query("SELECT name FROM parquet_schema(" + SqlQuote((*paths)[0]) + ") WHERE name LIKE 'x\\_%' ESCAPE '\\'");
  ASSERT_TRUE(cols.ok()) << cols.status().ToString();
  EXPECT_EQ(cols->row_count(), x_columns.size());
}

TEST_F(AzureExportSharedKeyTest, ManifestRowCountMismatchFailsCleanly) {
  Part p{"part_0_0001.csv.gz", MakePart(3, 1.0, false), 3};
  WriteRun(writer_, container_, {.run_id = "run-bad", .submitted = "2024-02-01T06:00:00Z", .parts = {p},
                                 .tweak = [](nlohmann::json& m) {
                                   m["blobs"][0]["dataRowCount"] = 5;
                                   m["dataRowCount"] = 5;
                                 }});
  auto source = KeySource();
  auto d = source->Discover();
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->size(), 1u);
  EXPECT_EQ((*d)[0].expected_rows, 5);
  std::string dir = NewDir("mismatch");
  auto paths = source->Fetch((*d)[0], dir);
  ASSERT_FALSE(paths.ok());
  EXPECT_EQ(paths.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(paths.status().message().find("part_0_0001.csv.gz has 3 data rows but the manifest says 5"),
            std::string::npos)
      << paths.status().message();
  EXPECT_TRUE(std::filesystem::is_empty(dir)) << "downloaded files must not be left for loading";
}

TEST_F(AzureExportSharedKeyTest, ManifestSizeOrFileListMismatchFailsNamingTheFile) {
  Part p{"part_0_0001.csv.gz", MakePart(3, 1.0, false), 3};
  WriteRun(writer_, container_, {.run_id = "run-size", .submitted = "2024-02-01T06:00:00Z", .parts = {p},
                                 .tweak = [](nlohmann::json& m) { m["blobs"][0]["byteCount"] = 12345; }});
  WriteRun(writer_, container_, {.range = "20240201-20240229", .run_id = "run-missing", .submitted = "2024-03-01T06:00:00Z",
                                 .parts = {p}, .tweak = [](nlohmann::json& m) {
                                   auto extra = m["blobs"][0];
                                   extra["blobName"] = "focus/exports/focus-monthly/20240201-20240229/run-missing/part_1_0001.csv.gz";
                                   m["blobs"].push_back(extra);
                                   m["blobCount"] = 2;
                                 }});
  auto source = KeySource();
  auto d = source->Discover();
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->size(), 2u);
  auto size = source->Fetch((*d)[0], NewDir("size"));
  ASSERT_FALSE(size.ok());
  EXPECT_EQ(size.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(size.status().message().find("the manifest says 12345"), std::string::npos) << size.status().message();
  auto missing = source->Fetch((*d)[1], NewDir("missing"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(missing.status().message().find("part_1_0001.csv.gz"), std::string::npos) << missing.status().message();
}

// Captures everything logged while alive (to check that no secret reaches the log).
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(AzureExportSharedKeyTest, SasTokenSecretWorksEndToEnd) {
  LogCapture log;
  Part p{"part_0_0001.csv.gz", MakePart(3, 1.0, false), 3};
  WriteRun(writer_, container_, {.run_id = "run-sas", .submitted = "2024-02-01T06:00:00Z", .parts = {p}});
  std::string sas = writer_.ContainerSas(container_);
  auto source = MakeSource(Fields(container_, "focus/exports", azurite_->blob_endpoint()), "azure_sas",
                           {{"sas_token", sas}});
  auto report = source->TestConnection();
  EXPECT_TRUE(report.ok) << StepsText(report);
  auto d = source->Discover();
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->size(), 1u);
  auto paths = source->Fetch((*d)[0], NewDir("sas"));
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  EXPECT_EQ(ReadFile((*paths)[0]), p.content);

  // A read-only SAS cannot list: the failing step says so, without the signature.
  std::string read_only = writer_.ContainerSas(container_, "r");
  auto limited = MakeSource(Fields(container_, "focus/exports", azurite_->blob_endpoint()), "azure_sas",
                            {{"sas_token", read_only}});
  auto r = limited->TestConnection();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.steps.back().name, "List path") << StepsText(r);
  EXPECT_NE(r.steps.back().hint.find("SAS"), std::string::npos) << StepsText(r);
  std::string sig = read_only.substr(read_only.find("sig=") + 4);
  EXPECT_EQ(StepsText(r).find(sig), std::string::npos);

  // An endpoint that does not answer: retried and logged, but only the host is named.
  auto unreachable = MakeSource(Fields(container_, "focus/exports", "http://127.0.0.1:1/devstoreaccount1"), "azure_sas",
                                {{"sas_token", sas}});
  auto down = unreachable->Discover();
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), StatusCode::kUnavailable);
  std::string full_sig = sas.substr(sas.find("sig=") + 4);
  EXPECT_EQ(down.status().message().find(full_sig), std::string::npos);
  EXPECT_NE(log.text().find("cannot reach 127.0.0.1:1"), std::string::npos) << log.text();
  EXPECT_EQ(log.text().find(full_sig), std::string::npos) << log.text();
  EXPECT_EQ(log.text().find(sig), std::string::npos) << log.text();
}

TEST_F(AzureExportSharedKeyTest, TestConnectionWalksTheStepsAndNamesTheFailingOne) {
  Part p{"part_0_0001.csv.gz", MakePart(3, 1.0, false), 3};
  WriteRun(writer_, container_, {.run_id = "run-tc", .submitted = "2024-02-01T06:00:00Z", .parts = {p}});
  auto ok = KeySource()->TestConnection();
  ASSERT_TRUE(ok.ok) << StepsText(ok);
  std::vector<std::string> names;
  for (const auto& s : ok.steps) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"List path", "Find manifest", "Read manifest", "Find part file"}));

  // Wrong account key.
  const std::string wrong_key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";
  auto bad_key = KeySource(5000, wrong_key)->TestConnection();
  ASSERT_FALSE(bad_key.ok);
  EXPECT_EQ(bad_key.steps.back().name, "List path");
  EXPECT_NE(bad_key.steps.back().hint.find("account key"), std::string::npos) << StepsText(bad_key);
  EXPECT_EQ(StepsText(bad_key).find(wrong_key), std::string::npos);

  // Wrong container.
  auto no_container = MakeSource(Fields("nosuchcontainer", "focus", azurite_->blob_endpoint()), "azure_storage_key",
                                 {{"account_key", kAzuriteKey}})->TestConnection();
  ASSERT_FALSE(no_container.ok);
  EXPECT_NE(no_container.steps.back().hint.find("no container 'nosuchcontainer'"), std::string::npos)
      << StepsText(no_container);

  // Wrong storage account: Azurite knows no such account; real Azure has no such host.
  std::string wrong_endpoint = azurite_->blob_endpoint();
  wrong_endpoint.replace(wrong_endpoint.rfind(kAzuriteAccount), std::string(kAzuriteAccount).size(), "nosuchaccount");
  nlohmann::json wrong_account = Fields(container_, "focus/exports", wrong_endpoint);
  wrong_account["storage_account"] = "nosuchaccount";
  auto no_account = MakeSource(wrong_account, "azure_storage_key", {{"account_key", kAzuriteKey}})->TestConnection();
  ASSERT_FALSE(no_account.ok);
  EXPECT_EQ(no_account.steps.back().name, "List path");
  EXPECT_NE(no_account.steps.back().hint.find("storage account"), std::string::npos) << StepsText(no_account);
  auto unreachable = MakeSource(Fields(container_, "focus/exports", "http://127.0.0.1:1/devstoreaccount1"),
                                "azure_storage_key", {{"account_key", kAzuriteKey}})->TestConnection();
  ASSERT_FALSE(unreachable.ok);
  EXPECT_NE(unreachable.steps.back().hint.find("check the storage account name"), std::string::npos)
      << StepsText(unreachable);

  // Empty path.
  auto empty = MakeSource(Fields(container_, "nothing/here", azurite_->blob_endpoint()), "azure_storage_key",
                          {{"account_key", kAzuriteKey}})->TestConnection();
  ASSERT_FALSE(empty.ok);
  EXPECT_EQ(empty.steps.back().name, "List path");
  EXPECT_NE(empty.steps.back().message.find("nothing under"), std::string::npos) << StepsText(empty);

  // Files but no manifest.
  ASSERT_TRUE(writer_.Put(container_, "focus/loose/part_0.csv.gz", p.content).ok());
  auto no_manifest = MakeSource(Fields(container_, "focus/loose", azurite_->blob_endpoint()), "azure_storage_key",
                                {{"account_key", kAzuriteKey}})->TestConnection();
  ASSERT_FALSE(no_manifest.ok);
  EXPECT_EQ(no_manifest.steps.back().name, "Find manifest") << StepsText(no_manifest);
}

// ---------------------------------------------------------------------------------------
// Service principal: Azurite over HTTPS with --oauth basic, tokens from the test endpoint.

class AzureExportServicePrincipalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string dir = NewDir("azurite-tls");
    cert_ = new testing::TestCertificate(testing::MakeSelfSignedCertificate(dir));
    azurite_ = new AzuriteProcess(dir + "/data", {.cert_path = cert_->cert_path, .key_path = cert_->key_path,
                                                  .oauth_basic = true});
  }
  static void TearDownTestSuite() {
    delete azurite_;
    delete cert_;
  }
  void SetUp() override {
    container_ = "billing" + RandomHex(4);
    Status created = writer_.CreateContainer(container_);
    ASSERT_TRUE(created.ok()) << created.ToString();
    Part p{"part_0_0001.csv.gz", MakePart(3, 1.0, false), 3};
    part_ = p.content;
    WriteRun(writer_, container_, {.run_id = "run-sp", .submitted = "2024-02-01T06:00:00Z", .parts = {p}});
  }
  nlohmann::json Secret(const testing::EntraTokenServer& server, const std::string& secret = "") {
    const auto& o = server.options();
    return {{"tenant_id", o.tenant_id}, {"client_id", o.client_id},
            {"client_secret", secret.empty() ? o.client_secret : secret}};
  }
  nlohmann::json SpFields(const testing::EntraTokenServer& server, const std::string& region = "Default") {
    nlohmann::json f = Fields(container_, "focus/exports", azurite_->blob_endpoint(), region);
    f["authority_host"] = server.authority_host();
    return f;
  }

  static testing::TestCertificate* cert_;
  static AzuriteProcess* azurite_;
  AzureBlobWriter writer_{azurite_->blob_endpoint(), kAzuriteAccount, kAzuriteKey, cert_->cert_path};
  std::string container_;
  std::string part_;
};
testing::TestCertificate* AzureExportServicePrincipalTest::cert_ = nullptr;
AzuriteProcess* AzureExportServicePrincipalTest::azurite_ = nullptr;

TEST_F(AzureExportServicePrincipalTest, TokenFromEntraReadsTheExportOverHttps) {
  testing::EntraTokenServer entra;
  auto source = MakeSource(SpFields(entra), "azure_service_principal", Secret(entra), cert_->cert_path);
  auto report = source->TestConnection();
  ASSERT_TRUE(report.ok) << StepsText(report);
  EXPECT_EQ(report.steps.front().name, "Sign in to Entra ID");
  auto d = source->Discover();
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->size(), 1u);
  auto paths = source->Fetch((*d)[0], NewDir("sp"));
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  EXPECT_EQ(ReadFile((*paths)[0]), part_);
  EXPECT_EQ(entra.issued(), 1);  // one token, cached across every request
}

TEST_F(AzureExportServicePrincipalTest, WrongSecretIsRefusedAtSignIn) {
  testing::EntraTokenServer entra;
  const std::string wrong = "Wrong~client.secret.value";
  auto source = MakeSource(SpFields(entra), "azure_service_principal", Secret(entra, wrong), cert_->cert_path);
  auto report = source->TestConnection();
  ASSERT_FALSE(report.ok);
  ASSERT_EQ(report.steps.size(), 1u);
  EXPECT_EQ(report.steps[0].name, "Sign in to Entra ID");
  EXPECT_NE(report.steps[0].message.find("AADSTS7000215"), std::string::npos) << StepsText(report);
  EXPECT_NE(report.steps[0].hint.find("client secret"), std::string::npos);
  EXPECT_EQ(StepsText(report).find(wrong), std::string::npos);
  auto d = source->Discover();
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(d.status().message().find(wrong), std::string::npos);
  EXPECT_EQ(entra.issued(), 0);
}

TEST_F(AzureExportServicePrincipalTest, ChinaRegionWorksEndToEndThroughTheOverrides) {
  testing::EntraTokenServerOptions o;
  o.issuer_host = "https://sts.chinacloudapi.cn";
  testing::EntraTokenServer entra(o);
  auto source = MakeSource(SpFields(entra, "China"), "azure_service_principal", Secret(entra), cert_->cert_path);
  EXPECT_EQ(source->endpoints().authority_host, entra.authority_host());
  EXPECT_EQ(source->endpoints().blob_endpoint, azurite_->blob_endpoint());
  auto d = source->Discover();
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->size(), 1u);
  auto paths = source->Fetch((*d)[0], NewDir("china"));
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  EXPECT_EQ(ReadFile((*paths)[0]), part_);
}

// Azurite grants every valid token; a storage account without the role assignment answers
// 403 AuthorizationPermissionMismatch, which this stand-in reproduces.
TEST(AzureExportMissingRoleTest, NoBlobDataReaderRoleIsNamed) {
  testing::EntraTokenServer entra;
  httplib::Server blob;
  blob.Get(R"(/devstoreaccount1/.*)", [](const httplib::Request&, httplib::Response& res) {
    res.status = 403;
    res.set_header("x-ms-error-code", "AuthorizationPermissionMismatch");
    res.set_content(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>This "
        "request is not authorized to perform this operation using this permission.\nRequestId:1</Message></Error>",
        "application/xml");
  });
  int port = blob.bind_to_any_port("127.0.0.1");
  std::thread t([&] { blob.listen_after_bind(); });
  while (!blob.is_running()) std::this_thread::yield();

  const auto& o = entra.options();
  nlohmann::json fields = Fields("billing", "focus", "http://127.0.0.1:" + std::to_string(port) + "/devstoreaccount1");
  fields["authority_host"] = entra.authority_host();
  auto source = MakeSource(fields, "azure_service_principal",
                           {{"tenant_id", o.tenant_id}, {"client_id", o.client_id}, {"client_secret", o.client_secret}});
  auto report = source->TestConnection();
  blob.stop();
  t.join();
  ASSERT_FALSE(report.ok);
  ASSERT_EQ(report.steps.size(), 2u) << StepsText(report);
  EXPECT_TRUE(report.steps[0].ok);
  EXPECT_EQ(report.steps[1].name, "List path");
  EXPECT_NE(report.steps[1].message.find("AuthorizationPermissionMismatch"), std::string::npos);
  EXPECT_NE(report.steps[1].hint.find("Storage Blob Data Reader"), std::string::npos);
}

}  // namespace
}  // namespace focusd
