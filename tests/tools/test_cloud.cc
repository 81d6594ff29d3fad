// focusd_test_cloud: the project's test servers for the clouds that have no emulator here
// (OCI Object Storage, and GCP's token endpoint, BigQuery and Cloud Storage), and Azurite
// with Cost Management exports written into it, in one process,
// with two billing months of FOCUS data published, so a browser test can register a connector
// in the UI and sync it for real. The servers check signatures and tokens exactly as in the
// C++ tests.
//
// Prints one JSON line on stdout: the endpoints, the credentials a user would paste into the
// UI, the connector fields, and the exact rows and BilledCost per billing period that a sync
// must load. Runs until its stdin closes (the test process ended) or it gets SIGTERM.
#include <csignal>
#include <filesystem>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include <stdlib.h>

#include "auth/rsa_keys.h"
#include "core/time.h"
#include "support/azure_export_writer.h"
#include "support/azurite_process.h"
#include "support/entra_token_server.h"
#include "support/gcp_fake_cloud.h"
#include "support/oci_object_storage_server.h"
#include "support/tls_test_cert.h"
#include "support/oci_focus_report.h"
#include "sync/sync_runner.h"

namespace focusd {
namespace {

using nlohmann::json;

json PublishOci(testing::OciObjectStorageServer& oci, const std::string& older, const std::string& newer) {
  const std::string tenancy = "ocid1.tenancy.oc1..aaaaaaaa" + std::string(52, 't');
  const std::string user = "ocid1.user.oc1..aaaaaaaa" + std::string(52, 'u');
  std::string pem = *GenerateRsaPrivateKeyPem();
  std::string fingerprint = *RsaPublicKeyFingerprint(pem);
  std::string key_id = tenancy + "/" + user + "/" + fingerprint;
  oci.AddApiKey(key_id, testing::OciObjectStorageServer::PublicKeyPem(pem));
  oci.AllowRead(key_id, "bling", tenancy);
  oci.CreateBucket("bling", tenancy);
  auto put = [&](const std::string& period, const std::string& dd, const std::vector<std::string>& costs) {
    std::string day = period + "-" + dd;
    oci.PutObject("bling", tenancy, testing::OciFocusReportName(day),
                  testing::OciFocusReport(tenancy, period, day, costs), Clock::now());
  };
  put(older, "03", {"10.25", "4.75"});
  put(older, "17", {"20.00"});
  put(newer, "01", {"1.50", "2.25"});
  return {{"endpoint", oci.endpoint()},
          {"secret", {{"tenancy_ocid", tenancy}, {"user_ocid", user}, {"fingerprint", fingerprint},
                      {"private_key", pem}, {"region", "us-ashburn-1"}}},
          {"expected", {{older, {{"rows", 3}, {"billed_cost", "35.00"}}}, {newer, {{"rows", 2}, {"billed_cost", "3.75"}}}}}};
}

json PublishGcp(testing::GcpFakeCloud& gcp, const std::string& older, const std::string& newer) {
  const std::string table = "billing-proj.billing.gcp_billing_export_focus_012345_6789AB_CDEF01";
  gcp.CreateFocusTable("billing-proj", "billing", "gcp_billing_export_focus_012345_6789AB_CDEF01");
  gcp.storage.CreateBucket("focusd-exports");
  gcp.AddCharge(table, older + "-05", "12.00", older + "-06 04:00:00");
  gcp.AddCharge(table, older + "-20", "8.50", older + "-21 04:00:00", "Cloud Storage");
  gcp.AddCharge(table, newer + "-01", "3.25", newer + "-01 04:00:00");
  return {{"storage", gcp.storage.endpoint()},
          {"bigquery", gcp.bigquery.endpoint()},
          {"token_uri", gcp.token.token_uri()},
          {"key_json", gcp.KeyJson()},
          {"fields", {{"billing_account_id", "012345-6789AB-CDEF01"}, {"bq_project_id", "billing-proj"},
                      {"bq_region", "US"}, {"bq_dataset", "billing"}, {"dest_project_id", "focusd-jobs"},
                      {"dest_region", "US"}, {"dest_dataset", "focusd_results"}, {"dest_bucket", "focusd-exports"}}},
          {"expected", {{older, {{"rows", 2}, {"billed_cost", "20.50"}}}, {newer, {{"rows", 1}, {"billed_cost", "3.25"}}}}}};
}

json PublishAzure(testing::AzuriteProcess& azurite, const testing::TestCertificate& cert,
                  const testing::EntraTokenServer& entra, const std::string& older, const std::string& newer) {
  testing::AzureBlobWriter writer(azurite.blob_endpoint(), testing::kAzuriteAccount, testing::kAzuriteKey,
                                  cert.cert_path);
  const std::string container = "billing";
  auto ok = [](const Status& s) {
    if (!s.ok()) {
      std::fprintf(stderr, "focusd_test_cloud: %s\n", s.ToString().c_str());
      std::exit(2);
    }
  };
  ok(writer.CreateContainer(container));
  // Two runs of the older month: the newer one (by submittedTime) is the one to load.
  ok(testing::WriteAzureExportRun(writer, container, older, "run-a", older + "-05T06:00:00Z",
                                  {{{older + "-01", "100.00"}}}));
  ok(testing::WriteAzureExportRun(writer, container, older, "run-b", older + "-06T06:00:00Z",
                                  {{{older + "-01", "11.50"}, {older + "-02", "3.25"}}, {{older + "-03", "0.25"}}}));
  ok(testing::WriteAzureExportRun(writer, container, newer, "run-c", newer + "-02T06:00:00Z",
                                  {{{newer + "-01", "9.99"}}}));
  const auto& sp = entra.options();
  return {{"blob_endpoint", azurite.blob_endpoint()},
          {"ca_file", cert.cert_path},
          {"authority_host", entra.authority_host()},
          {"service_principal", {{"tenant_id", sp.tenant_id}, {"client_id", sp.client_id},
                                 {"client_secret", sp.client_secret}}},
          {"account_key", testing::kAzuriteKey},
          {"sas_token", writer.ContainerSas(container)},
          {"fields", {{"region", "Default"}, {"storage_account", testing::kAzuriteAccount},
                      {"path", container + "/focus/exports"}}},
          {"expected", {{older, {{"rows", 3}, {"billed_cost", "15.00"}}}, {newer, {{"rows", 1}, {"billed_cost", "9.99"}}}}}};
}

int Main() {
  std::signal(SIGPIPE, SIG_IGN);
  // The last two months of the default backfill window, so a new connector's first sync loads both.
  auto periods = BackfillPeriods(Clock::now(), 2);
  testing::OciObjectStorageServer oci;
  testing::GcpFakeCloud gcp;
  char azurite_dir[] = "/tmp/focusd-test-cloud-XXXXXX";
  if (::mkdtemp(azurite_dir) == nullptr) return 2;
  // Over HTTPS with --oauth basic, so one Azurite takes Shared Key, SAS and Entra ID tokens.
  testing::TestCertificate cert = testing::MakeSelfSignedCertificate(azurite_dir);
  testing::AzuriteProcess azurite(std::string(azurite_dir) + "/data",
                                  {.cert_path = cert.cert_path, .key_path = cert.key_path, .oauth_basic = true});
  testing::EntraTokenServer entra;
  json out = {{"oci", PublishOci(oci, periods[0], periods[1])},
              {"gcp", PublishGcp(gcp, periods[0], periods[1])},
              {"azure", PublishAzure(azurite, cert, entra, periods[0], periods[1])}};
  std::printf("%s\n", out.dump().c_str());
  std::fflush(stdout);
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  std::error_code ec;
  std::filesystem::remove_all(azurite_dir, ec);
  return 0;
}

}  // namespace
}  // namespace focusd

int main() { return focusd::Main(); }
