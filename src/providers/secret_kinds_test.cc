#include "providers/secret_kinds.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/rand.h>

#include "providers/test_keys.h"

namespace focusd {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

std::string ErrorOn(const std::vector<FieldError>& errors, const std::string& field) {
  for (const FieldError& e : errors) {
    if (e.field == field) return e.message;
  }
  return "";
}

// No message may quote a secret: neither whole nor any 10-character piece of it.
void ExpectNoLeak(const std::vector<FieldError>& errors, const std::vector<std::string>& secrets) {
  for (const FieldError& e : errors) {
    for (const std::string& secret : secrets) {
      if (secret.empty()) continue;
      size_t window = std::min<size_t>(10, secret.size());
      for (size_t i = 0; i + window <= secret.size(); ++i) {
        ASSERT_EQ(e.message.find(secret.substr(i, window)), std::string::npos)
            << "message on " << e.field << " quotes a secret: " << e.message;
      }
    }
  }
}

std::string Base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string RandomBytes(size_t n) {
  std::string b(n, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(b.data()), static_cast<int>(n));
  return b;
}

// --- kinds and schemas -------------------------------------------------------------------

TEST(SecretKindsTest, KindsPerProvider) {
  EXPECT_TRUE(SecretKindsFor(Provider::kAws).empty());
  EXPECT_EQ(SecretKindsFor(Provider::kAzure),
            (std::vector<std::string>{"azure_service_principal", "azure_storage_key",
                                      "azure_sas"}));
  EXPECT_EQ(SecretKindsFor(Provider::kGcp), (std::vector<std::string>{"gcp_service_account"}));
  EXPECT_EQ(SecretKindsFor(Provider::kOci), (std::vector<std::string>{"oci_api_key"}));
  for (Provider p : AllProviders()) {
    for (const std::string& kind : SecretKindsFor(p)) EXPECT_EQ(ProviderOfSecretKind(kind), p);
  }
  EXPECT_EQ(ProviderOfSecretKind("aws_access_key"), std::nullopt);
  EXPECT_EQ(ProviderOfSecretKind(""), std::nullopt);
}

TEST(SecretKindsTest, SchemasListValueFieldsAndHideSecrets) {
  EXPECT_EQ(SecretKindSchemas(Provider::kAws), json::array());
  std::map<std::string, std::string> types;  // kind.key -> type
  std::map<std::string, bool> required;
  for (Provider p : AllProviders()) {
    json schemas = SecretKindSchemas(p);
    ASSERT_EQ(schemas.size(), SecretKindsFor(p).size());
    for (const json& kind : schemas) {
      EXPECT_FALSE(kind["label"].get<std::string>().empty());
      for (const json& f : kind["fields"]) {
        EXPECT_FALSE(f["label"].get<std::string>().empty());
        EXPECT_FALSE(f["help"].get<std::string>().empty());
        std::string id = kind["kind"].get<std::string>() + "." + f["key"].get<std::string>();
        types[id] = f["type"];
        required[id] = f["required"];
      }
    }
  }
  EXPECT_EQ(types, (std::map<std::string, std::string>{
                       {"azure_service_principal.tenant_id", "text"},
                       {"azure_service_principal.client_id", "text"},
                       {"azure_service_principal.client_secret", "password"},
                       {"azure_storage_key.account_key", "password"},
                       {"azure_sas.sas_token", "password"},
                       {"gcp_service_account.key_json", "textarea"},
                       {"oci_api_key.tenancy_ocid", "text"},
                       {"oci_api_key.user_ocid", "text"},
                       {"oci_api_key.fingerprint", "text"},
                       {"oci_api_key.private_key", "textarea"},
                       {"oci_api_key.passphrase", "password"},
                       {"oci_api_key.region", "text"}}));
  EXPECT_FALSE(required["oci_api_key.passphrase"]);
  EXPECT_TRUE(required["oci_api_key.private_key"]);
  EXPECT_TRUE(required["azure_service_principal.client_secret"]);
}

// --- generic value checks ----------------------------------------------------------------

TEST(SecretKindsTest, UnknownKindAndNonObjectValues) {
  auto errors = ValidateSecretValue("aws_access_key", json::object());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "kind");
  EXPECT_EQ(errors[0].message, "Unknown secret kind");
  errors = ValidateSecretValue("azure_sas", "sv=1&sig=2");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "value");
  EXPECT_EQ(errors[0].message, "Secret value must be a JSON object");
}

TEST(SecretKindsTest, UnknownFieldsNonTextAndBlankValues) {
  json value = {{"sas_token", 42}, {"extra", "x"}};
  auto errors = ValidateSecretValue("azure_sas", value);
  EXPECT_EQ(ErrorOn(errors, "sas_token"), "SAS token must be text");
  EXPECT_EQ(ErrorOn(errors, "extra"), "Unknown field for a Shared access signature (SAS) secret");
  EXPECT_EQ(ErrorOn(ValidateSecretValue("azure_sas", {{"sas_token", "  "}}), "sas_token"),
            "SAS token is required");
  EXPECT_EQ(ErrorOn(ValidateSecretValue("azure_sas", {{"sas_token", nullptr}}), "sas_token"),
            "SAS token is required");
  std::string huge = "sv=1&sig=" + std::string(64 * 1024, 'a');
  auto errors_huge = ValidateSecretValue("azure_sas", {{"sas_token", huge}});
  EXPECT_EQ(ErrorOn(errors_huge, "sas_token"), "SAS token must be at most 64 KiB");
  std::string just_fits = "sv=1&sig=" + std::string(64 * 1024 - 9, 'a');
  EXPECT_TRUE(ValidateSecretValue("azure_sas", {{"sas_token", just_fits}}).empty());
}

// --- Azure -------------------------------------------------------------------------------

json ServicePrincipal() {
  return {{"tenant_id", "72f988bf-86f1-41af-91ab-2d7cd011db47"},
          {"client_id", "0d3b5c7e-1f2a-4b6c-9d8e-7f6a5b4c3d2e"},
          {"client_secret", "Xy7~Q8s.Tk_p3Lm-9vR2wZ4nB6cD8eF0gH1jK"}};
}

TEST(SecretKindsTest, ServicePrincipalValid) {
  EXPECT_TRUE(ValidateSecretValue("azure_service_principal", ServicePrincipal()).empty());
  json upper = ServicePrincipal();
  upper["tenant_id"] = "72F988BF-86F1-41AF-91AB-2D7CD011DB47";
  EXPECT_TRUE(ValidateSecretValue("azure_service_principal", upper).empty());
  for (const char* domain : {"contoso.onmicrosoft.com", "contoso.com", "Fabrikam-Corp.co.uk"}) {
    json v = ServicePrincipal();
    v["tenant_id"] = domain;
    EXPECT_TRUE(ValidateSecretValue("azure_service_principal", v).empty()) << domain;
  }
}

TEST(SecretKindsTest, ServicePrincipalInvalid) {
  std::string secret = ServicePrincipal()["client_secret"];
  for (const char* tenant : {"contoso", "not a tenant", "-contoso.com", "contoso.c0m",
                             "contoso..com", "72f988bf-86f1-41af-91ab-2d7cd011db4",
                             "72f988bf86f141af91ab2d7cd011db47"}) {
    json v = ServicePrincipal();
    v["tenant_id"] = tenant;
    auto errors = ValidateSecretValue("azure_service_principal", v);
    EXPECT_EQ(ErrorOn(errors, "tenant_id"),
              "Tenant ID must be a GUID (00000000-0000-0000-0000-000000000000) or a domain such "
              "as contoso.onmicrosoft.com")
        << tenant;
  }
  for (const char* client : {"0d3b5c7e-1f2a-4b6c-9d8e-7f6a5b4c3d2", "my-app",
                             "0d3b5c7e-1f2a-4b6c-9d8e-7f6a5b4c3d2g"}) {
    json v = ServicePrincipal();
    v["client_id"] = client;
    EXPECT_EQ(ErrorOn(ValidateSecretValue("azure_service_principal", v), "client_id"),
              "Client ID must be a GUID (00000000-0000-0000-0000-000000000000)");
  }
  json v = ServicePrincipal();
  v["client_secret"] = secret + "\n";
  auto errors = ValidateSecretValue("azure_service_principal", v);
  EXPECT_EQ(ErrorOn(errors, "client_secret"),
            "Client secret must not start or end with spaces or line breaks");
  ExpectNoLeak(errors, {secret});
  v.erase("client_secret");
  EXPECT_EQ(ErrorOn(ValidateSecretValue("azure_service_principal", v), "client_secret"),
            "Client secret is required");
}

TEST(SecretKindsTest, StorageKey) {
  std::string key = Base64(RandomBytes(64));
  ASSERT_EQ(key.size(), 88u);
  EXPECT_TRUE(ValidateSecretValue("azure_storage_key", {{"account_key", key}}).empty());

  std::vector<std::string> bad_length = {Base64(RandomBytes(63)), Base64(RandomBytes(65)),
                                         Base64(RandomBytes(32))};
  for (const std::string& k : bad_length) {
    auto errors = ValidateSecretValue("azure_storage_key", {{"account_key", k}});
    EXPECT_EQ(ErrorOn(errors, "account_key"),
              "Account key must decode to 64 bytes (a storage account key is 88 base64 "
              "characters)");
    ExpectNoLeak(errors, {k});
  }
  std::vector<std::string> not_base64 = {key.substr(0, 87), key.substr(0, 86) + "!=",
                                         key.substr(0, 84) + "=AAA", "not base64 at all!!"};
  for (const std::string& k : not_base64) {
    auto errors = ValidateSecretValue("azure_storage_key", {{"account_key", k}});
    EXPECT_EQ(ErrorOn(errors, "account_key"), "Account key must be base64 text") << k;
    ExpectNoLeak(errors, {k});
  }
}

TEST(SecretKindsTest, SasToken) {
  std::string sig = "sig=K3v9Qm2wXz8Yp1RtL5nB7cD0eF4gH6jA%3D";
  std::string token = "sv=2022-11-02&ss=b&srt=co&sp=rl&se=2027-01-01T00:00:00Z&spr=https&" + sig;
  EXPECT_TRUE(ValidateSecretValue("azure_sas", {{"sas_token", token}}).empty());
  EXPECT_TRUE(ValidateSecretValue("azure_sas", {{"sas_token", "?" + token}}).empty());

  struct Bad {
    std::string token;
    std::string message;
  };
  std::vector<Bad> cases = {
      {"ss=b&sp=rl&" + sig, "SAS token must contain the sv= (signed version) parameter"},
      {"sv=2022-11-02&sp=rl", "SAS token must contain the sig= (signature) parameter"},
      {"sv=2022-11-02&sig=", "SAS token must contain the sig= (signature) parameter"},
      {"sv=&" + sig, "SAS token must contain the sv= (signed version) parameter"},
      {"https://acct.blob.core.windows.net/exports?" + token,
       "SAS token must be the token (the query string after '?'), not a URL"},
      {"sv=2022-11-02& " + sig, "SAS token must not contain spaces or line breaks"},
  };
  for (const Bad& c : cases) {
    auto errors = ValidateSecretValue("azure_sas", {{"sas_token", c.token}});
    EXPECT_EQ(ErrorOn(errors, "sas_token"), c.message) << c.token;
    ExpectNoLeak(errors, {c.token, sig.substr(4)});
  }
}

// --- GCP ---------------------------------------------------------------------------------

json GcpKey(const std::string& private_key_pem) {
  return {{"type", "service_account"},
          {"project_id", "acme-billing"},
          {"private_key_id", "0123456789abcdef0123456789abcdef01234567"},
          {"private_key", private_key_pem},
          {"client_email", "focusd@acme-billing.iam.gserviceaccount.com"},
          {"client_id", "123456789012345678901"},
          {"auth_uri", "https://accounts.google.com/o/oauth2/auth"},
          {"token_uri", "https://oauth2.googleapis.com/token"}};
}

std::string KeyJsonError(const std::string& text) {
  auto errors = ValidateSecretValue("gcp_service_account", {{"key_json", text}});
  ExpectNoLeak(errors, {testing::PemBody(testing::Pkcs8Pem(testing::RsaKey()))});
  return ErrorOn(errors, "key_json");
}

TEST(SecretKindsTest, GcpServiceAccountValid) {
  std::string text = GcpKey(testing::Pkcs8Pem(testing::RsaKey())).dump(2);
  EXPECT_TRUE(ValidateSecretValue("gcp_service_account", {{"key_json", text}}).empty());
  // Pasted with a trailing newline, as copied from a file.
  EXPECT_TRUE(ValidateSecretValue("gcp_service_account", {{"key_json", text + "\n"}}).empty());
}

TEST(SecretKindsTest, GcpServiceAccountInvalid) {
  std::string pem = testing::Pkcs8Pem(testing::RsaKey());
  std::string text = GcpKey(pem).dump();
  // Cut inside the private key: the parser's own message would quote the text around it.
  EXPECT_EQ(KeyJsonError(text.substr(0, text.find("BEGIN") + 200)),
            "Service account JSON key is not valid JSON (paste the whole key file)");
  EXPECT_EQ(KeyJsonError("[1, 2]"),
            "Service account JSON key must be a JSON object (paste the whole key file)");

  json other = GcpKey(pem);
  other["type"] = "authorized_user";
  EXPECT_EQ(KeyJsonError(other.dump()),
            "Service account JSON key must have \"type\": \"service_account\"");
  for (const char* member :
       {"project_id", "private_key_id", "private_key", "client_email", "token_uri"}) {
    json missing = GcpKey(pem);
    missing.erase(member);
    EXPECT_EQ(KeyJsonError(missing.dump()),
              std::string("Service account JSON key is missing \"") + member + "\"");
    missing[member] = "";
    EXPECT_EQ(KeyJsonError(missing.dump()),
              std::string("Service account JSON key is missing \"") + member + "\"");
  }
  const std::string kNotRsa =
      "Service account JSON key has a \"private_key\" that is not a PEM RSA private key";
  EXPECT_EQ(KeyJsonError(GcpKey("not a key").dump()), kNotRsa);
  EXPECT_EQ(KeyJsonError(GcpKey(testing::Pkcs8Pem(testing::EcKey())).dump()), kNotRsa);
  EXPECT_EQ(KeyJsonError(GcpKey(pem.substr(0, pem.size() / 2)).dump()), kNotRsa);
}

// --- OCI ---------------------------------------------------------------------------------

const char* kTenancy = "ocid1.tenancy.oc1..aaaaaaaaba3pv6wkcr4jqae5f15p2b2m2yt2j6rx32uzr4h25vqstifsfdsq";
const char* kUser = "ocid1.user.oc1..aaaaaaaa3l3dnjuicnxsvzkavzu6yhg7jgw7jasfpndsbcynhfqcaeirsmxq";

json OciKey(const std::string& pem, const std::string& fingerprint) {
  return {{"tenancy_ocid", kTenancy}, {"user_ocid", kUser},       {"fingerprint", fingerprint},
          {"private_key", pem},       {"region", "us-ashburn-1"}};
}

std::vector<FieldError> ValidateOci(const json& v) {
  auto errors = ValidateSecretValue("oci_api_key", v);
  ExpectNoLeak(errors, {testing::PemBody(v.value("private_key", ""))});
  if (v.contains("passphrase")) ExpectNoLeak(errors, {v["passphrase"].get<std::string>()});
  return errors;
}

TEST(SecretKindsTest, OciApiKeyValid) {
  std::string fp = testing::OciFingerprint(testing::RsaKey());
  EXPECT_TRUE(ValidateOci(OciKey(testing::Pkcs8Pem(testing::RsaKey()), fp)).empty());
  EXPECT_TRUE(ValidateOci(OciKey(testing::TraditionalPem(testing::RsaKey()), fp)).empty());

  std::string upper = fp;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(ValidateOci(OciKey(testing::Pkcs8Pem(testing::RsaKey()), upper)).empty());

  for (const std::string& pem : {testing::EncryptedPkcs8Pem(testing::RsaKey(), "correct horse"),
                                 testing::LegacyEncryptedPem(testing::RsaKey(), "correct horse")}) {
    json v = OciKey(pem, fp);
    v["passphrase"] = "correct horse";
    EXPECT_TRUE(ValidateOci(v).empty());
  }
  for (const char* region : {"sa-saopaulo-1", "us-gov-ashburn-1", "eu-frankfurt-2"}) {
    json v = OciKey(testing::Pkcs8Pem(testing::RsaKey()), fp);
    v["region"] = region;
    EXPECT_TRUE(ValidateOci(v).empty()) << region;
  }
  json other_realm = OciKey(testing::Pkcs8Pem(testing::RsaKey()), fp);
  other_realm["tenancy_ocid"] = "ocid1.tenancy.oc2..aaaaaaaaxyz";
  EXPECT_TRUE(ValidateOci(other_realm).empty());
}

TEST(SecretKindsTest, OciApiKeyIdentifiers) {
  std::string pem = testing::Pkcs8Pem(testing::RsaKey());
  std::string fp = testing::OciFingerprint(testing::RsaKey());
  for (const char* t : {"ocid1.user.oc1..aaaa", "ocid1.tenancy.oc1.aaaa", "ocid1.tenancy.oc1..",
                        "ocid1.tenancy.oc1..AAAA", "tenancy", "ocid1.tenancy..aaaa"}) {
    json v = OciKey(pem, fp);
    v["tenancy_ocid"] = t;
    EXPECT_EQ(ErrorOn(ValidateOci(v), "tenancy_ocid"),
              "Tenancy OCID must look like ocid1.tenancy.oc1..<unique id>")
        << t;
  }
  json v = OciKey(pem, fp);
  v["user_ocid"] = kTenancy;
  EXPECT_EQ(ErrorOn(ValidateOci(v), "user_ocid"),
            "User OCID must look like ocid1.user.oc1..<unique id>");
  for (const char* r : {"Ashburn", "us-ashburn", "us_ashburn_1", "US-ASHBURN-1", "ashburn-1",
                        "us--ashburn-1"}) {
    json w = OciKey(pem, fp);
    w["region"] = r;
    EXPECT_EQ(ErrorOn(ValidateOci(w), "region"),
              "Region must be an OCI region identifier such as us-ashburn-1")
        << r;
  }
  const std::string kBadFingerprint =
      "Fingerprint must be 16 colon-separated hex pairs, like "
      "12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0";
  for (const std::string& f : {fp.substr(0, 44), fp + ":00", std::string(47, 'a'),
                               "zz" + fp.substr(2), fp.substr(0, 2) + "-" + fp.substr(3)}) {
    json w = OciKey(pem, fp);
    w["fingerprint"] = f;
    EXPECT_EQ(ErrorOn(ValidateOci(w), "fingerprint"), kBadFingerprint) << f;
  }
}

TEST(SecretKindsTest, OciApiKeyMustMatchItsFingerprint) {
  std::string other_fp = testing::OciFingerprint(testing::OtherRsaKey());
  auto errors = ValidateOci(OciKey(testing::Pkcs8Pem(testing::RsaKey()), other_fp));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "fingerprint");
  EXPECT_THAT(errors[0].message, HasSubstr("Fingerprint does not match the private key"));
}

TEST(SecretKindsTest, OciApiKeyPrivateKeyAndPassphrase) {
  std::string fp = testing::OciFingerprint(testing::RsaKey());
  std::string encrypted = testing::EncryptedPkcs8Pem(testing::RsaKey(), "correct horse");

  auto errors = ValidateOci(OciKey(encrypted, fp));
  EXPECT_EQ(ErrorOn(errors, "passphrase"), "Passphrase is required: the private key is encrypted");

  json wrong = OciKey(encrypted, fp);
  wrong["passphrase"] = "battery staple";
  EXPECT_EQ(ErrorOn(ValidateOci(wrong), "passphrase"),
            "Passphrase does not decrypt the private key");

  EXPECT_EQ(ErrorOn(ValidateOci(OciKey("ssh-rsa AAAAB3Nza", fp)), "private_key"),
            "Private key must be a PEM private key (-----BEGIN PRIVATE KEY----- ...)");
  std::string pem = testing::Pkcs8Pem(testing::RsaKey());
  EXPECT_EQ(ErrorOn(ValidateOci(OciKey(pem.substr(0, 300) + "\n-----END PRIVATE KEY-----\n", fp)),
                    "private_key"),
            "Private key could not be read as a PEM private key");
  EXPECT_EQ(ErrorOn(ValidateOci(OciKey(testing::Pkcs8Pem(testing::EcKey()), fp)), "private_key"),
            "Private key must be an RSA key (OCI API keys are RSA)");

  json missing = OciKey(pem, fp);
  missing.erase("private_key");
  missing.erase("region");
  errors = ValidateOci(missing);
  EXPECT_EQ(ErrorOn(errors, "private_key"), "Private key is required");
  EXPECT_EQ(ErrorOn(errors, "region"), "Region is required");
}

}  // namespace
}  // namespace focusd
