// The REST API as a client sees it: a real `focusd serve` on a free port, real HTTP.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <map>
#include <regex>
#include <set>

#include "auth/rsa_keys.h"
#include "db/duckdb.h"
#include "support/focusd_process.h"

namespace focusd {
namespace {

using nlohmann::json;
using testing::FocusdProcess;
using testing::NewTempDir;

json Body(const HttpResponse& r) { return json::parse(r.body, nullptr, false); }

json AwsConnector(const std::string& name) {
  return {{"name", name}, {"type", "FOCUS"}, {"provider", "AWS"},
          {"fields", {{"account_id", "123456789012"}, {"bucket", "acme-billing"},
                      {"path", "focus/exports"}, {"file_type", "parquet"}}}};
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override { server_ = std::make_unique<FocusdProcess>(NewTempDir("api")); }
  std::unique_ptr<FocusdProcess> server_;
};

TEST_F(ApiTest, HealthNeedsNoTokenButTheApiDoes) {
  EXPECT_EQ(server_->Call("GET", "/healthz", nullptr, "").status, 200);
  EXPECT_EQ(server_->Call("GET", "/readyz", nullptr, "").status, 200);
  auto r = server_->Call("GET", "/api/v1/connectors", nullptr, "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Body(r)["error"]["code"], "unauthenticated");
  EXPECT_EQ(server_->Call("GET", "/api/v1/connectors", nullptr, "fcd_" + std::string(64, '0')).status, 401);
  EXPECT_EQ(server_->Call("POST", "/api/v1/connectors", AwsConnector("x"), "").status, 401);
  EXPECT_TRUE(std::regex_match(server_->admin_token(), std::regex("fcd_[0-9a-f]{64}")));
}

TEST_F(ApiTest, ConnectorLifecycle) {
  auto created = server_->Call("POST", "/api/v1/connectors", AwsConnector("Prod AWS"));
  ASSERT_EQ(created.status, 201) << created.body;
  json c = Body(created);
  EXPECT_EQ(c["type"], "FOCUS");
  EXPECT_EQ(c["provider"], "AWS");
  EXPECT_EQ(c["fields"]["role_name"], "focusd-billing-reader");
  std::string external_id = c["fields"]["external_id"];
  EXPECT_TRUE(std::regex_match(external_id, std::regex("focusd-[0-9a-f]{32}"))) << external_id;
  std::string id = c["id"];

  json list = Body(server_->Call("GET", "/api/v1/connectors"));
  ASSERT_EQ(list["connectors"].size(), 1u);
  EXPECT_EQ(list["connectors"][0]["name"], "Prod AWS");
  EXPECT_EQ(Body(server_->Call("GET", "/api/v1/connectors/Prod%20AWS"))["id"], id);

  json update = AwsConnector("Production AWS");
  update["fields"]["path"] = "focus/v2";
  auto updated = server_->Call("PUT", "/api/v1/connectors/" + id, update);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(Body(updated)["name"], "Production AWS");
  EXPECT_EQ(Body(updated)["fields"]["path"], "focus/v2");
  EXPECT_EQ(Body(updated)["fields"]["external_id"], external_id) << "the role trusts this id: it must not change";

  json change_provider = update;
  change_provider["provider"] = "GCP";
  EXPECT_EQ(server_->Call("PUT", "/api/v1/connectors/" + id, change_provider).status, 400);

  EXPECT_EQ(server_->Call("DELETE", "/api/v1/connectors/" + id).status, 204);
  auto gone = server_->Call("GET", "/api/v1/connectors/" + id);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(Body(gone)["error"]["code"], "not_found");
}

TEST_F(ApiTest, ValidationErrorsNameEveryBadField) {
  json bad = AwsConnector("");
  bad["fields"]["account_id"] = "12345";
  bad["fields"]["bucket"] = "Bad_Bucket";
  auto r = server_->Call("POST", "/api/v1/connectors", bad);
  ASSERT_EQ(r.status, 400);
  json err = Body(r)["error"];
  EXPECT_EQ(err["code"], "invalid_argument");
  std::set<std::string> fields;
  for (const auto& f : err["fields"]) {
    fields.insert(f["field"].get<std::string>());
    EXPECT_FALSE(f["message"].get<std::string>().empty());
  }
  EXPECT_EQ(fields, (std::set<std::string>{"name", "account_id", "bucket"}));

  json no_provider = {{"name", "x"}, {"provider", "IBM"}};
  EXPECT_EQ(Body(server_->Call("POST", "/api/v1/connectors", no_provider))["error"]["field"], "provider");
  json wrong_type = AwsConnector("t");
  wrong_type["type"] = "CUR";
  EXPECT_EQ(Body(server_->Call("POST", "/api/v1/connectors", wrong_type))["error"]["field"], "type");
  json azure_without_secret = {{"name", "az"}, {"provider", "Azure"},
                               {"fields", {{"region", "Default"}, {"storage_account", "acmebilling"},
                                           {"path", "exports/focus"}}}};
  EXPECT_EQ(Body(server_->Call("POST", "/api/v1/connectors", azure_without_secret))["error"]["field"], "secret_id");

  auto spaced = server_->Call("POST", "/api/v1/connectors", AwsConnector("  Spaced name "));
  ASSERT_EQ(spaced.status, 201) << spaced.body;
  EXPECT_EQ(Body(spaced)["name"], "Spaced name");
  ASSERT_EQ(server_->Call("POST", "/api/v1/connectors", AwsConnector("Dup")).status, 201);
  auto dup = server_->Call("POST", "/api/v1/connectors", AwsConnector("dup"));
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(Body(dup)["error"]["field"], "name");
  EXPECT_EQ(server_->Call("POST", "/api/v1/connectors", nullptr).status, 400);
}

TEST_F(ApiTest, SecretValuesNeverComeBack) {
  const std::string marker = "Zq8~MARKER-client-secret-7f3a";
  std::vector<HttpResponse> seen;
  auto call = [&](const std::string& m, const std::string& p, const json& b = nullptr) {
    seen.push_back(server_->Call(m, p, b));
    return seen.back();
  };
  json secret = {{"name", "azure-sp"}, {"provider", "Azure"}, {"kind", "azure_service_principal"},
                 {"value", {{"tenant_id", "72f988bf-86f1-41af-91ab-2d7cd011db47"},
                            {"client_id", "0f3c1d2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"},
                            {"client_secret", marker}}}};
  auto created = call("POST", "/api/v1/secrets", secret);
  ASSERT_EQ(created.status, 201) << created.body;
  std::string secret_id = Body(created)["id"];
  EXPECT_FALSE(Body(created).contains("value"));

  json connector = {{"name", "Azure prod"}, {"provider", "Azure"}, {"secret_id", secret_id},
                    {"fields", {{"region", "China"}, {"storage_account", "acmebilling"},
                                {"path", "exports/focus"}}}};
  auto cr = call("POST", "/api/v1/connectors", connector);
  ASSERT_EQ(cr.status, 201) << cr.body;
  EXPECT_EQ(Body(cr)["secret_name"], "azure-sp");

  json list = Body(call("GET", "/api/v1/secrets"));
  ASSERT_EQ(list["secrets"].size(), 1u);
  EXPECT_EQ(list["secrets"][0]["used_by"], json::array({"Azure prod"}));
  call("GET", "/api/v1/secrets/" + secret_id);
  call("GET", "/api/v1/connectors");

  auto in_use = call("DELETE", "/api/v1/secrets/" + secret_id);
  EXPECT_EQ(in_use.status, 409);
  EXPECT_NE(Body(in_use)["error"]["message"].get<std::string>().find("Azure prod"), std::string::npos);

  // A bad secret is refused without its value in the error.
  json bad = secret;
  bad["name"] = "bad";
  bad["value"]["tenant_id"] = marker;
  auto refused = call("POST", "/api/v1/secrets", bad);
  EXPECT_EQ(refused.status, 400);

  for (const auto& r : seen) EXPECT_EQ(r.body.find(marker), std::string::npos) << r.body;
  server_->Stop();
  EXPECT_EQ(server_->ReadLog().find(marker), std::string::npos);
  EXPECT_NE(server_->ReadLog().find("secret created"), std::string::npos) << "the log is being written";
}

TEST_F(ApiTest, GcpAndOciSecretsAreCheckedAsKeys) {
  auto pem = GenerateRsaPrivateKeyPem();
  ASSERT_TRUE(pem.ok());
  json sa = {{"type", "service_account"}, {"project_id", "acme-billing"}, {"private_key_id", "abc123"},
             {"private_key", *pem}, {"client_email", "reader@acme-billing.iam.gserviceaccount.com"},
             {"token_uri", "https://oauth2.googleapis.com/token"}};
  auto gcp = server_->Call("POST", "/api/v1/secrets", {{"name", "gcp-sa"}, {"provider", "GCP"},
                                                         {"kind", "gcp_service_account"},
                                                         {"value", {{"key_json", sa.dump()}}}});
  EXPECT_EQ(gcp.status, 201) << gcp.body;
  auto not_a_key = server_->Call("POST", "/api/v1/secrets", {{"name", "gcp-bad"}, {"provider", "GCP"},
                                                               {"kind", "gcp_service_account"},
                                                               {"value", {{"key_json", "{\"type\":\"user\"}"}}}});
  EXPECT_EQ(not_a_key.status, 400);
  EXPECT_EQ(Body(not_a_key)["error"]["field"], "key_json");

  json oci = {{"tenancy_ocid", "ocid1.tenancy.oc1..aaaaaaaaba3pv6wkcr4jqae5f15p2b2m2yt2j6rx32uzr4h25vqstifsfdsq"},
              {"user_ocid", "ocid1.user.oc1..aaaaaaaat5nvwcna5j6aqzjcaty5eqbb6qt2jvpkanghtgdaqedqw3rynjq"},
              {"fingerprint", *RsaPublicKeyFingerprint(*pem)}, {"private_key", *pem}, {"region", "us-ashburn-1"}};
  EXPECT_EQ(server_->Call("POST", "/api/v1/secrets", {{"name", "oci"}, {"provider", "OCI"},
                                                      {"kind", "oci_api_key"}, {"value", oci}}).status, 201);
  oci["fingerprint"] = "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff";
  auto mismatch = server_->Call("POST", "/api/v1/secrets", {{"name", "oci2"}, {"provider", "OCI"},
                                                            {"kind", "oci_api_key"}, {"value", oci}});
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_EQ(Body(mismatch)["error"]["field"], "fingerprint");
  // A GCP secret cannot back an OCI connector.
  auto wrong = server_->Call("POST", "/api/v1/connectors", {{"name", "o"}, {"provider", "OCI"},
                                                            {"secret_id", Body(gcp)["id"]}});
  EXPECT_EQ(Body(wrong)["error"]["field"], "secret_id");
}

TEST_F(ApiTest, SchemasTemplateAndOpenApi) {
  json providers = Body(server_->Call("GET", "/api/v1/providers"))["providers"];
  ASSERT_EQ(providers.size(), 4u);
  std::vector<std::string> names;
  for (const auto& p : providers) names.push_back(p["provider"]);
  EXPECT_EQ(names, (std::vector<std::string>{"AWS", "Azure", "GCP", "OCI"}));
  json aws = Body(server_->Call("GET", "/api/v1/providers/aws/schema"));
  bool has_account = false;
  for (const auto& f : aws["fields"])
    if (f["key"] == "account_id") has_account = f["label"] == "AWS Account ID";
  EXPECT_TRUE(has_account);
  EXPECT_EQ(server_->Call("GET", "/api/v1/providers/ibm/schema").status, 404);

  std::string ext = Body(server_->Call("GET", "/api/v1/aws/external-id"))["external_id"];
  auto tmpl = server_->Call("GET", "/deploy/aws/focusd-billing-reader.yaml?ExternalId=" + ext +
                                       "&BucketName=acme-billing&BillingPath=focus", nullptr, "");
  ASSERT_EQ(tmpl.status, 200) << tmpl.body;
  EXPECT_NE(tmpl.body.find(ext), std::string::npos);
  EXPECT_NE(tmpl.body.find("sts:ExternalId"), std::string::npos);

  auto openapi = server_->Call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(openapi.status, 200);
  json doc = Body(openapi);
  EXPECT_TRUE(doc.contains("openapi"));
  EXPECT_TRUE(doc["paths"].contains("/api/v1/connectors"));

  auto index = server_->Call("GET", "/", nullptr, "");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.headers["content-type"].find("text/html"), std::string::npos);
}

TEST(ServeTest, StopsCleanlyOnSigtermAndKeepsData) {
  std::string dir = NewTempDir("serve");
  std::string token;
  {
    FocusdProcess server(dir);
    token = server.admin_token();
    ASSERT_EQ(server.Call("POST", "/api/v1/connectors", AwsConnector("Kept")).status, 201);
    int status = server.Stop();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  FocusdProcess again(dir);
  EXPECT_TRUE(again.admin_token().empty()) << "the admin token is printed at first start only";
  auto list = again.Call("GET", "/api/v1/connectors", nullptr, token);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(Body(list)["connectors"][0]["name"], "Kept");
}

TEST(ServeTest, DemoConnectorsSyncThreeMonthsThroughTheSyncPath) {
  std::string dir = NewTempDir("demo");
  int64_t run_rows = 0;
  std::map<std::string, std::string> data_through;  // connector id -> "data complete through"
  {
    FocusdProcess server(dir, {"--demo"});
    json list = Body(server.Call("GET", "/api/v1/connectors"))["connectors"];
    ASSERT_EQ(list.size(), 4u);
    std::set<std::string> providers;
    for (const auto& c : list) {
      providers.insert(c["provider"].get<std::string>());
      EXPECT_EQ(c["status"], "Healthy");
      EXPECT_FALSE(c["last_sync_at"].is_null());
      // Their first sync is in the run history like any connector's backfill.
      json runs = Body(server.Call("GET", "/api/v1/connectors/" + c["id"].get<std::string>() + "/runs"))["runs"];
      ASSERT_EQ(runs.size(), 1u) << c["name"];
      EXPECT_EQ(runs[0]["trigger"], "created");
      EXPECT_EQ(runs[0]["status"], "succeeded");
      EXPECT_EQ(runs[0]["periods"].size(), 3u);
      EXPECT_EQ(runs[0]["validation"]["must_failures"], 0);
      run_rows += runs[0]["rows"].get<int64_t>();
      data_through[c["id"].get<std::string>()] = c["data_through"].is_string() ? c["data_through"].get<std::string>() : "null";
    }
    EXPECT_EQ(providers, (std::set<std::string>{"AWS", "Azure", "GCP", "OCI"}));
    EXPECT_EQ(Body(server.Call("GET", "/api/v1/secrets"))["secrets"].size(), 3u);
  }
  auto db = *DuckDatabase::Open(dir + "/focusd.duckdb");
  auto conn = *db->Connect();
  auto r = conn->Query("SELECT count(DISTINCT connector_id), count(DISTINCT billing_period), count(*), "
                       "count(DISTINCT BillingCurrency) FROM focus_costs");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Text(0, 0), "4");
  EXPECT_EQ(r->Text(0, 1), "3");
  EXPECT_EQ(r->Text(0, 2), std::to_string(run_rows));
  auto days = conn->Query("SELECT connector_id, strftime(max(ChargePeriodStart), '%Y-%m-%d') FROM focus_costs GROUP BY 1");
  ASSERT_TRUE(days.ok());
  ASSERT_EQ(days->row_count(), 4u);
  for (size_t i = 0; i < days->row_count(); ++i)
    EXPECT_EQ(data_through[days->Text(i, 0)], days->Text(i, 1)) << "the last day of stored charges";
  EXPECT_EQ(r->Text(0, 3), "2") << "Azure's demo bills in EUR, the others in USD";
}

}  // namespace
}  // namespace focusd
