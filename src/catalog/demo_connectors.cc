#include "catalog/demo_connectors.h"

#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "auth/rsa_keys.h"
#include "core/random.h"

namespace focusd {
namespace {

std::string Base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(n);
  return out;
}

std::string RandomBytes(size_t n) {
  std::string hex = RandomHex(n), out;
  for (size_t i = 0; i < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

Result<std::string> AddSecret(ConnectorRegistry* registry, const nlohmann::json& body) {
  auto r = registry->CreateSecret(body);
  if (!r.ok()) return r.error.status.WithContext("demo secret " + body.value("name", ""));
  return r.value->id;
}

Status AddConnector(ConnectorRegistry* registry, const nlohmann::json& body) {
  auto r = registry->Create(body);
  if (!r.ok()) return r.error.status.WithContext("demo connector " + body.value("name", ""));
  return Status::Ok();
}

}  // namespace

Result<std::vector<Connector>> SeedDemoConnectors(Catalog* catalog, ConnectorRegistry* registry) {
  ASSIGN_OR_RETURN(auto existing, catalog->ListConnectors());
  if (!existing.empty()) return std::vector<Connector>();

  RETURN_IF_ERROR(AddConnector(registry, {{"name", "Demo AWS"}, {"provider", "AWS"},
      {"fields", {{"account_id", "123456789012"}, {"bucket", "focusd-demo-billing"},
                  {"path", "focus-exports"}, {"file_type", "parquet"}}}}));

  ASSIGN_OR_RETURN(std::string azure_secret, AddSecret(registry, {{"name", "demo-azure-storage-key"},
      {"provider", "Azure"}, {"kind", "azure_storage_key"},
      {"value", {{"account_key", Base64(RandomBytes(64))}}}}));
  RETURN_IF_ERROR(AddConnector(registry, {{"name", "Demo Azure"}, {"provider", "Azure"},
      {"secret_id", azure_secret},
      {"fields", {{"region", "Default"}, {"storage_account", "focusddemo"}, {"path", "billing/focus"}}}}));

  ASSIGN_OR_RETURN(std::string gcp_key, GenerateRsaPrivateKeyPem());
  nlohmann::json sa = {{"type", "service_account"}, {"project_id", "focusd-demo"},
                       {"private_key_id", RandomHex(20)}, {"private_key", gcp_key},
                       {"client_email", "focusd-reader@focusd-demo.iam.gserviceaccount.com"},
                       {"client_id", "100000000000000000001"},
                       {"token_uri", "https://oauth2.googleapis.com/token"}};
  ASSIGN_OR_RETURN(std::string gcp_secret, AddSecret(registry, {{"name", "demo-gcp-service-account"},
      {"provider", "GCP"}, {"kind", "gcp_service_account"}, {"value", {{"key_json", sa.dump()}}}}));
  RETURN_IF_ERROR(AddConnector(registry, {{"name", "Demo GCP"}, {"provider", "GCP"},
      {"secret_id", gcp_secret},
      {"fields", {{"billing_account_id", "01A2B3-C4D5E6-F7A8B9"}, {"bq_project_id", "focusd-demo"},
                  {"bq_region", "US"}, {"bq_dataset", "billing_export"},
                  {"dest_project_id", "focusd-demo"}, {"dest_region", "US"},
                  {"dest_dataset", "focusd_results"}, {"dest_bucket", "focusd-demo-results"}}}}));

  ASSIGN_OR_RETURN(std::string oci_key, GenerateRsaPrivateKeyPem());
  ASSIGN_OR_RETURN(std::string oci_fingerprint, RsaPublicKeyFingerprint(oci_key));
  ASSIGN_OR_RETURN(std::string oci_secret, AddSecret(registry, {{"name", "demo-oci-api-key"},
      {"provider", "OCI"}, {"kind", "oci_api_key"},
      {"value", {{"tenancy_ocid", "ocid1.tenancy.oc1..aaaaaaaademotenancy" + RandomHex(8)},
                 {"user_ocid", "ocid1.user.oc1..aaaaaaaademouser" + RandomHex(8)},
                 {"fingerprint", oci_fingerprint}, {"private_key", oci_key},
                 {"region", "us-ashburn-1"}}}}));
  RETURN_IF_ERROR(AddConnector(registry, {{"name", "Demo OCI"}, {"provider", "OCI"}, {"secret_id", oci_secret}}));
  spdlog::info("demo connectors registered");
  return catalog->ListConnectors();
}

}  // namespace focusd
