// An OCI connector registered through the REST API syncs its FOCUS reports from a local
// Object Storage (the test server verifies every request's signature), through the real
// sync path: the server's source factory, the FOCUS engine and the warehouse.
#include <gtest/gtest.h>

#include <filesystem>

#include "auth/rsa_keys.h"
#include "core/time.h"
#include "db/duckdb.h"
#include "support/oci_focus_report.h"
#include "support/focusd_process.h"
#include "support/oci_object_storage_server.h"
#include "sync/sync_runner.h"

namespace focusd {
namespace {

using nlohmann::json;

const char kTenancy[] = "ocid1.tenancy.oc1..aaaaaaaae2etenancy";
const char kUser[] = "ocid1.user.oc1..aaaaaaaae2euser";

class OciSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pem_ = *GenerateRsaPrivateKeyPem();
    fingerprint_ = *RsaPublicKeyFingerprint(pem_);
    std::string key_id = std::string(kTenancy) + "/" + kUser + "/" + fingerprint_;
    oci_.AddApiKey(key_id, testing::OciObjectStorageServer::PublicKeyPem(pem_));
    oci_.AllowRead(key_id, "bling", kTenancy);
    oci_.CreateBucket("bling", kTenancy);
    auto periods = BackfillPeriods(Clock::now(), 2);
    older_ = periods[0];
    newer_ = periods[1];
    data_dir_ = testing::NewTempDir("oci-e2e");
  }
  void Put(const std::string& period, const std::string& dd, const std::vector<std::string>& costs) {
    std::string day = period + "-" + dd;
    oci_.PutObject("bling", kTenancy, testing::OciFocusReportName(day),
                   testing::OciFocusReport(kTenancy, period, day, costs), Clock::now());
  }
  // Totals per period, as the run reports them from the warehouse.
  static std::map<std::string, std::string> Totals(const json& run) {
    std::map<std::string, std::string> out;
    for (const auto& t : run["totals"]) out[t["period"]] = t["rows"].dump() + "/" + t["billed_cost"].get<std::string>();
    return out;
  }

  testing::OciObjectStorageServer oci_;
  std::string pem_, fingerprint_, older_, newer_, data_dir_;
};

TEST_F(OciSyncTest, ARegisteredConnectorSyncsItsReportsWithExactTotals) {
  Put(older_, "01", {"10.000000000000000001", "2.5"});
  Put(older_, "02", {"0.125"});
  Put(newer_, "01", {"7"});
  testing::FocusdProcess server(data_dir_, {}, {"OCI_OBJECT_STORAGE_ENDPOINT=" + oci_.endpoint()});

  json secret = {{"name", "oci-key"}, {"provider", "OCI"}, {"kind", "oci_api_key"},
                 {"value", {{"tenancy_ocid", kTenancy}, {"user_ocid", kUser}, {"fingerprint", fingerprint_},
                            {"private_key", pem_}, {"region", "us-ashburn-1"}}}};
  auto s = server.Call("POST", "/api/v1/secrets", secret);
  ASSERT_EQ(s.status, 201) << s.body;
  auto c = server.Call("POST", "/api/v1/connectors",
                       {{"name", "OCI prod"}, {"provider", "OCI"}, {"secret_id", json::parse(s.body)["id"]}});
  ASSERT_EQ(c.status, 201) << c.body;
  std::string id = json::parse(c.body)["id"];

  auto test = json::parse(server.Call("POST", "/api/v1/connectors/" + id + "/test").body);
  EXPECT_TRUE(test["ok"].get<bool>()) << test.dump(2);

  auto first = server.Call("POST", "/api/v1/connectors/" + id + "/sync?wait=true");
  ASSERT_EQ(first.status, 200) << first.body;
  json run = json::parse(first.body);
  EXPECT_EQ(run["status"], "succeeded") << run.dump(2);
  EXPECT_EQ(run["files"], 3);
  auto totals = Totals(run);
  EXPECT_EQ(totals[older_].substr(0, 24), "3/12.625000000000000001");
  EXPECT_EQ(std::stod(totals[newer_].substr(2)), 7.0);

  auto again = json::parse(server.Call("POST", "/api/v1/connectors/" + id + "/sync?wait=true").body);
  EXPECT_EQ(again["files"], 0) << "nothing changed: nothing downloaded";

  Put(older_, "02", {"0.5", "0.25"});  // OCI rewrites a day: its whole month reloads
  auto third = json::parse(server.Call("POST", "/api/v1/connectors/" + id + "/sync?wait=true").body);
  EXPECT_EQ(third["status"], "succeeded") << third.dump(2);
  EXPECT_EQ(third["periods"], json::array({older_}));
  EXPECT_EQ(Totals(third)[older_].substr(0, 24), "4/13.250000000000000001");

  auto runs = json::parse(server.Call("GET", "/api/v1/connectors/" + id + "/runs").body)["runs"];
  EXPECT_EQ(runs.size(), 3u);
  auto connector = json::parse(server.Call("GET", "/api/v1/connectors/" + id).body);
  EXPECT_TRUE(connector["status"] == "Healthy" || connector["status"] == "Warning") << connector.dump();
  EXPECT_FALSE(connector["last_sync_at"].is_null());
  server.Stop();

  // The warehouse holds exactly one copy of each month, extension columns kept.
  auto db = *DuckDatabase::Open(data_dir_ + "/focusd.duckdb");
  auto conn = *db->Connect();
  auto stored = conn->Query(
      "SELECT billing_period, count(*), sum(BilledCost)::VARCHAR, any_value(x_extensions->>'oci_CompartmentName'), "
      "sum(ConsumedQuantity)::DOUBLE, any_value(ConsumedUnit) FROM focus_costs GROUP BY 1 ORDER BY 1");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->row_count(), 2u);
  EXPECT_EQ(stored->Text(0, 1), "4");
  EXPECT_EQ(stored->Text(0, 2).substr(0, 22), "13.25000000000000000" "1");
  EXPECT_EQ(stored->Text(0, 3), "prod");
  // OCI's reports carry the legacy UsageQuantity/UsageUnit only: they fill the FOCUS columns.
  EXPECT_EQ(stored->Text(0, 4), "6.0");
  EXPECT_EQ(stored->Text(0, 5), "OCPU Hours");
}

TEST_F(OciSyncTest, AWrongKeyFailsWithTheStepAndAHintAndStoresNothing) {
  Put(newer_, "01", {"7"});
  testing::FocusdProcess server(data_dir_, {}, {"OCI_OBJECT_STORAGE_ENDPOINT=" + oci_.endpoint()});
  std::string other = *GenerateRsaPrivateKeyPem();  // a key OCI does not know
  json secret = {{"name", "oci-other"}, {"provider", "OCI"}, {"kind", "oci_api_key"},
                 {"value", {{"tenancy_ocid", kTenancy}, {"user_ocid", kUser},
                            {"fingerprint", *RsaPublicKeyFingerprint(other)}, {"private_key", other},
                            {"region", "us-ashburn-1"}}}};
  std::string secret_id = json::parse(server.Call("POST", "/api/v1/secrets", secret).body)["id"];
  std::string id = json::parse(server.Call("POST", "/api/v1/connectors",
                                           {{"name", "OCI other"}, {"provider", "OCI"}, {"secret_id", secret_id}})
                                   .body)["id"];
  auto report = json::parse(server.Call("POST", "/api/v1/connectors/" + id + "/test").body);
  EXPECT_FALSE(report["ok"].get<bool>());
  bool failed_list = false;
  for (const auto& step : report["steps"])
    if (!step["ok"].get<bool>()) {
      failed_list = step["name"].get<std::string>().find("List") != std::string::npos;
      EXPECT_FALSE(step["hint"].get<std::string>().empty());
    }
  EXPECT_TRUE(failed_list) << report.dump(2);

  json run = json::parse(server.Call("POST", "/api/v1/connectors/" + id + "/sync?wait=true").body);
  EXPECT_EQ(run["status"], "failed");
  EXPECT_FALSE(run["hint"].get<std::string>().empty());
  auto connector = json::parse(server.Call("GET", "/api/v1/connectors/" + id).body);
  EXPECT_EQ(connector["status"], "Error");
  server.Stop();
  EXPECT_EQ(server.ReadLog().find("PRIVATE KEY"), std::string::npos);
}

}  // namespace
}  // namespace focusd
