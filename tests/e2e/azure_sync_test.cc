// Azure connectors registered through the REST API sync Cost Management FOCUS exports from a
// storage account on Azurite, through the real server process: with the storage account key
// (Shared Key) and with a SAS over HTTP, and with a service principal (tokens from the test
// Entra endpoint) over HTTPS with Azurite's --oauth basic.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/random.h"
#include "db/duckdb.h"
#include "e2e/focus_files.h"
#include "support/sync_reports.h"
#include "support/azure_blob_writer.h"
#include "support/azure_export_writer.h"
#include "support/azurite_process.h"
#include "support/entra_token_server.h"
#include "support/focusd_process.h"
#include "support/tls_test_cert.h"
#include "sync/sync_runner.h"

namespace focusd {
namespace {

using nlohmann::json;
using testing::Charge;
using testing::kAzuriteAccount;
using testing::kAzuriteKey;

// Writes one export run the way Cost Management does (see azure_export_writer.h).
void WriteRun(testing::AzureBlobWriter& w, const std::string& container, const std::string& period,
              const std::string& run_id, const std::string& submitted, const std::vector<std::vector<Charge>>& parts,
              int64_t manifest_rows = -1) {
  ASSERT_TRUE(testing::WriteAzureExportRun(w, container, period, run_id, submitted, parts, manifest_rows).ok());
}

class AzureSyncTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string dir = testing::NewTempDir("azurite");
    azurite_ = new testing::AzuriteProcess(dir);
  }
  static void TearDownTestSuite() {
    delete azurite_;
    azurite_ = nullptr;
  }
  void SetUp() override {
    auto periods = BackfillPeriods(Clock::now(), 2);
    older_ = periods[0];
    newer_ = periods[1];
    data_dir_ = testing::NewTempDir("azure-e2e");
    container_ = "billing" + RandomHex(4);
    ASSERT_TRUE(writer_.CreateContainer(container_).ok());
  }
  testing::FocusdProcess StartServer() {
    return testing::FocusdProcess(data_dir_, {}, {"FOCUSD_AZURE_BLOB_ENDPOINT=" + azurite_->blob_endpoint()});
  }
  std::string Day(const std::string& period, const std::string& dd) { return period + "-" + dd; }
  json Fields(const std::string& path = "") {
    return {{"region", "Default"}, {"storage_account", kAzuriteAccount},
            {"path", path.empty() ? container_ + "/focus/exports" : path}};
  }
  std::string AddSecret(testing::FocusdProcess& server, const std::string& kind, const json& value) {
    auto s = server.Call("POST", "/api/v1/secrets",
                         {{"name", kind + "-" + RandomHex(3)}, {"provider", "Azure"}, {"kind", kind}, {"value", value}});
    EXPECT_EQ(s.status, 201) << s.body;
    return json::parse(s.body).value("id", "");
  }
  std::string Register(testing::FocusdProcess& server, const std::string& secret_id, const json& fields) {
    auto c = server.Call("POST", "/api/v1/connectors",
                         {{"name", "Azure " + RandomHex(3)}, {"provider", "Azure"}, {"fields", fields},
                          {"secret_id", secret_id}});
    EXPECT_EQ(c.status, 201) << c.body;
    return json::parse(c.body).value("id", "");
  }
  json TestBeforeSave(testing::FocusdProcess& server, const std::string& secret_id, const json& fields) {
    auto r = server.Call("POST", "/api/v1/connectors/test",
                         {{"name", "Azure"}, {"provider", "Azure"}, {"fields", fields}, {"secret_id", secret_id}});
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }

  static testing::AzuriteProcess* azurite_;
  testing::AzureBlobWriter writer_{azurite_->blob_endpoint(), kAzuriteAccount, kAzuriteKey};
  std::string older_, newer_, data_dir_, container_;
};
testing::AzuriteProcess* AzureSyncTest::azurite_ = nullptr;

TEST_F(AzureSyncTest, AccountKeyConnectorSyncsTheNewestRunOfEachMonthAndARestatementReplacesIt) {
  // The older month has two runs; the later-submitted one is the month's data, even though
  // the earlier-submitted run finished (was written) last.
  WriteRun(writer_, container_, older_, "run-b", older_ + "-06T06:00:00Z",
           {{{Day(older_, "01"), "1.000000000000000001"}, {Day(older_, "02"), "2.5"}}, {{Day(older_, "03"), "0.125"}}});
  WriteRun(writer_, container_, older_, "run-a", older_ + "-05T06:00:00Z", {{{Day(older_, "01"), "100"}}});
  WriteRun(writer_, container_, newer_, "run-c", newer_ + "-02T06:00:00Z", {{{Day(newer_, "01"), "7"}}});
  auto server = StartServer();
  std::string secret = AddSecret(server, "azure_storage_key", {{"account_key", kAzuriteKey}});
  EXPECT_TRUE(TestBeforeSave(server, secret, Fields())["ok"].get<bool>());
  std::string id = Register(server, secret, Fields());

  json first = testing::SyncAndWait(server, id);
  EXPECT_EQ(first["status"], "succeeded") << first.dump(2);
  EXPECT_EQ(first["files"], 3);
  auto totals = testing::RunTotals(first);
  EXPECT_EQ(totals[older_], "3/3.625000000000000001");
  EXPECT_EQ(totals[newer_], "1/7");
  json again = testing::SyncAndWait(server, id);
  EXPECT_EQ(again["files"], 0) << again.dump(2);

  // Cost Management restates the older month: a new run replaces it, the newer month stays.
  WriteRun(writer_, container_, older_, "run-d", older_ + "-09T06:00:00Z", {{{Day(older_, "01"), "1.5"}}});
  json third = testing::SyncAndWait(server, id);
  EXPECT_EQ(third["status"], "succeeded") << third.dump(2);
  EXPECT_EQ(third["periods"], json::array({older_}));
  EXPECT_EQ(testing::RunTotals(third)[older_], "1/1.5");

  // A run whose files do not hold the rows its manifest says fails cleanly.
  WriteRun(writer_, container_, newer_, "run-e", newer_ + "-03T06:00:00Z",
           {{{Day(newer_, "01"), "7"}, {Day(newer_, "02"), "8"}}}, /*manifest_rows=*/3);
  json bad = testing::SyncAndWait(server, id);
  EXPECT_EQ(bad["status"], "failed") << bad.dump(2);
  EXPECT_NE(bad["error"].get<std::string>().find("dataRowCount 3"), std::string::npos) << bad.dump(2);
  EXPECT_FALSE(bad["hint"].get<std::string>().empty());
  server.Stop();
  EXPECT_EQ(server.ReadLog().find(kAzuriteKey), std::string::npos);

  auto db = *DuckDatabase::Open(data_dir_ + "/focusd.duckdb");
  auto conn = *db->Connect();
  auto stored = conn->Query(
      "SELECT billing_period, count(*), sum(BilledCost)::VARCHAR FROM focus_costs GROUP BY 1 ORDER BY 1");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->row_count(), 2u);
  EXPECT_EQ(stored->Text(0, 1) + "/" + testing::TrimDecimalZeros(stored->Text(0, 2)), "1/1.5");
  EXPECT_EQ(stored->Text(1, 1) + "/" + testing::TrimDecimalZeros(stored->Text(1, 2)), "1/7") << "the refused run kept the month";
}

TEST_F(AzureSyncTest, SasConnectorSyncsWithExactTotals) {
  WriteRun(writer_, container_, older_, "run-a", older_ + "-05T06:00:00Z",
           {{{Day(older_, "01"), "0.1"}, {Day(older_, "02"), "0.2"}}});
  WriteRun(writer_, container_, newer_, "run-b", newer_ + "-02T06:00:00Z", {{{Day(newer_, "01"), "12.34"}}});
  auto server = StartServer();
  std::string secret = AddSecret(server, "azure_sas", {{"sas_token", writer_.ContainerSas(container_)}});
  std::string id = Register(server, secret, Fields());
  auto test = json::parse(server.Call("POST", "/api/v1/connectors/" + id + "/test").body);
  EXPECT_TRUE(test["ok"].get<bool>()) << test.dump(2);
  json first = testing::SyncAndWait(server, id);
  EXPECT_EQ(first["status"], "succeeded") << first.dump(2);
  auto totals = testing::RunTotals(first);
  EXPECT_EQ(totals[older_], "2/0.3");
  EXPECT_EQ(totals[newer_], "1/12.34");
  EXPECT_EQ(testing::SyncAndWait(server, id)["files"], 0);
  server.Stop();
  EXPECT_EQ(server.ReadLog().find("sig="), std::string::npos);
}

TEST_F(AzureSyncTest, TestConnectionNamesTheFailingStep) {
  WriteRun(writer_, container_, newer_, "run-a", newer_ + "-02T06:00:00Z", {{{Day(newer_, "01"), "7"}}});
  ASSERT_TRUE(writer_.Put(container_, "loose/part_0.csv.gz", testing::Gzip("x")).ok());
  auto server = StartServer();
  std::string key = AddSecret(server, "azure_storage_key", {{"account_key", kAzuriteKey}});
  // A valid-looking key of another account.
  std::string other = AddSecret(server, "azure_storage_key",
                                {{"account_key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="}});
  std::string read_only = AddSecret(server, "azure_sas", {{"sas_token", writer_.ContainerSas(container_, "r")}});

  std::string step = testing::FailedStep(TestBeforeSave(server, other, Fields()));
  EXPECT_EQ(step.rfind("List path: ", 0), 0u) << step;
  EXPECT_NE(step.find("account key"), std::string::npos) << step;
  step = testing::FailedStep(TestBeforeSave(server, read_only, Fields()));
  EXPECT_EQ(step.rfind("List path: ", 0), 0u) << step;
  EXPECT_NE(step.find("sp=rl"), std::string::npos) << step;
  step = testing::FailedStep(TestBeforeSave(server, key, Fields("nosuchcontainer/focus")));
  EXPECT_EQ(step.rfind("List path: ", 0), 0u) << step;
  EXPECT_NE(step.find("nosuchcontainer"), std::string::npos) << step;
  step = testing::FailedStep(TestBeforeSave(server, key, Fields(container_ + "/elsewhere")));
  EXPECT_EQ(step.rfind("List path: ", 0), 0u) << step;
  step = testing::FailedStep(TestBeforeSave(server, key, Fields(container_ + "/loose")));
  EXPECT_EQ(step.rfind("Find manifest: ", 0), 0u) << step;
}

// Service principal: Azurite over HTTPS with --oauth basic; focusd gets its tokens from the
// test Entra endpoint and trusts Azurite's certificate through FOCUSD_AZURE_CA_FILE.
TEST(AzureServicePrincipalSyncTest, ServicePrincipalConnectorSyncsOverHttps) {
  std::string dir = testing::NewTempDir("azurite-tls");
  testing::TestCertificate cert = testing::MakeSelfSignedCertificate(dir);
  testing::AzuriteProcess azurite(dir + "/data",
                                  {.cert_path = cert.cert_path, .key_path = cert.key_path, .oauth_basic = true});
  testing::EntraTokenServer entra;
  testing::AzureBlobWriter writer(azurite.blob_endpoint(), kAzuriteAccount, kAzuriteKey, cert.cert_path);
  ASSERT_TRUE(writer.CreateContainer("billing").ok());
  auto periods = BackfillPeriods(Clock::now(), 2);
  WriteRun(writer, "billing", periods[0], "run-a", periods[0] + "-05T06:00:00Z",
           {{{periods[0] + "-01", "3.3"}, {periods[0] + "-02", "0.01"}}});
  WriteRun(writer, "billing", periods[1], "run-b", periods[1] + "-02T06:00:00Z", {{{periods[1] + "-01", "42"}}});

  std::string data_dir = testing::NewTempDir("azure-sp-e2e");
  testing::FocusdProcess server(data_dir, {},
                                {"FOCUSD_AZURE_BLOB_ENDPOINT=" + azurite.blob_endpoint(),
                                 "AZURE_AUTHORITY_HOST=" + entra.authority_host(),
                                 "FOCUSD_AZURE_CA_FILE=" + cert.cert_path});
  const auto& o = entra.options();
  auto add = [&](const std::string& client_secret) {
    auto s = server.Call("POST", "/api/v1/secrets",
                         {{"name", "sp-" + RandomHex(3)}, {"provider", "Azure"}, {"kind", "azure_service_principal"},
                          {"value", {{"tenant_id", o.tenant_id}, {"client_id", o.client_id},
                                     {"client_secret", client_secret}}}});
    EXPECT_EQ(s.status, 201) << s.body;
    return json::parse(s.body).value("id", "");
  };
  json fields = {{"region", "Default"}, {"storage_account", kAzuriteAccount}, {"path", "billing/focus/exports"}};

  // A wrong client secret stops at sign-in.
  auto wrong = server.Call("POST", "/api/v1/connectors/test",
                           {{"name", "Azure SP"}, {"provider", "Azure"}, {"fields", fields},
                            {"secret_id", add("Wrong~client.secret.value")}});
  std::string step = testing::FailedStep(json::parse(wrong.body));
  EXPECT_EQ(step.rfind("Sign in to Entra ID: ", 0), 0u) << wrong.body;
  EXPECT_NE(step.find("client secret"), std::string::npos) << step;

  auto c = server.Call("POST", "/api/v1/connectors",
                       {{"name", "Azure SP"}, {"provider", "Azure"}, {"fields", fields},
                        {"secret_id", add(o.client_secret)}});
  ASSERT_EQ(c.status, 201) << c.body;
  std::string id = json::parse(c.body)["id"];
  auto test = json::parse(server.Call("POST", "/api/v1/connectors/" + id + "/test").body);
  EXPECT_TRUE(test["ok"].get<bool>()) << test.dump(2);
  json run = json::parse(server.Call("POST", "/api/v1/connectors/" + id + "/sync?wait=true").body);
  EXPECT_EQ(run["status"], "succeeded") << run.dump(2);
  auto totals = testing::RunTotals(run);
  EXPECT_EQ(totals[periods[0]], "2/3.31");
  EXPECT_EQ(totals[periods[1]], "1/42");
  server.Stop();
  EXPECT_EQ(server.ReadLog().find(o.client_secret), std::string::npos);
}

}  // namespace
}  // namespace focusd
