#include "providers/connector_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "providers/field_rules.h"
#include "providers/rule_test_support.h"
#include "support/shell_command.h"

namespace focusd {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

std::vector<std::string> Keys(const json& schema) {
  std::vector<std::string> keys;
  for (const json& f : schema["fields"]) keys.push_back(f["key"]);
  return keys;
}

const json& Field(const json& schema, const std::string& key) {
  for (const json& f : schema["fields"]) {
    if (f["key"] == key) return f;
  }
  static const json kNone;
  ADD_FAILURE() << "no field " << key;
  return kNone;
}

// The error about `field`, or "" when there is none.
std::string ErrorOn(const std::vector<FieldError>& errors, const std::string& field) {
  for (const FieldError& e : errors) {
    if (e.field == field) return e.message;
  }
  return "";
}

json ValidAwsFields() {
  return {{"account_id", "123456789012"},
          {"bucket", "acme-billing"},
          {"path", "focus/exports"},
          {"file_type", "csv_gzip"},
          {"role_name", "custom-reader"},
          {"external_id", "focusd-0123456789abcdef0123456789abcdef"}};
}

json ValidAzureFields() {
  return {{"region", "China"}, {"storage_account", "acmebilling"}, {"path", "exports/focus"}};
}

json ValidGcpFields() {
  return {{"billing_account_id", "012345-6789AB-CDEF01"},
          {"bq_project_id", "acme-billing"},
          {"bq_region", "US"},
          {"bq_dataset", "billing_export"},
          {"dest_project_id", "acme-results"},
          {"dest_region", "us-central1"},
          {"dest_dataset", "focusd_results"},
          {"dest_bucket", "acme-focusd-results"}};
}

// --- schema ------------------------------------------------------------------------------

TEST(ConnectorSchemaTest, FieldKeysAreTheApiKeys) {
  EXPECT_EQ(Keys(ConnectorFieldSchema(Provider::kAws)),
            (std::vector<std::string>{"name", "account_id", "bucket", "path", "file_type",
                                      "role_name", "external_id"}));
  EXPECT_EQ(Keys(ConnectorFieldSchema(Provider::kAzure)),
            (std::vector<std::string>{"name", "secret_id", "region", "storage_account", "path"}));
  EXPECT_EQ(Keys(ConnectorFieldSchema(Provider::kGcp)),
            (std::vector<std::string>{"name", "secret_id", "billing_account_id", "bq_project_id",
                                      "bq_region", "bq_dataset", "source_table", "dest_project_id",
                                      "dest_region", "dest_dataset", "dest_bucket", "keep_exports"}));
  EXPECT_EQ(Keys(ConnectorFieldSchema(Provider::kOci)),
            (std::vector<std::string>{"name", "secret_id"}));
}

TEST(ConnectorSchemaTest, HeaderAndSecretKinds) {
  json aws = ConnectorFieldSchema(Provider::kAws);
  EXPECT_EQ(aws["provider"], "AWS");
  EXPECT_EQ(aws["type"], "FOCUS");
  EXPECT_EQ(aws["needs_secret"], false);
  EXPECT_EQ(aws["secret_kinds"], json::array());

  json azure = ConnectorFieldSchema(Provider::kAzure);
  EXPECT_EQ(azure["provider"], "Azure");
  EXPECT_EQ(azure["needs_secret"], true);
  EXPECT_EQ(azure["secret_kinds"],
            json({"azure_service_principal", "azure_storage_key", "azure_sas"}));
  EXPECT_EQ(ConnectorFieldSchema(Provider::kGcp)["secret_kinds"], json({"gcp_service_account"}));
  EXPECT_EQ(ConnectorFieldSchema(Provider::kOci)["secret_kinds"], json({"oci_api_key"}));
}

TEST(ConnectorSchemaTest, EveryFieldIsWellFormed) {
  for (Provider p : AllProviders()) {
    json schema = ConnectorFieldSchema(p);
    SCOPED_TRACE(ProviderName(p));
    std::set<std::string> groups;
    for (const json& g : schema["groups"]) groups.insert(g["id"]);
    for (const json& f : schema["fields"]) {
      SCOPED_TRACE(f.dump());
      EXPECT_FALSE(f["label"].get<std::string>().empty());
      EXPECT_FALSE(f["help"].get<std::string>().empty());
      EXPECT_TRUE(groups.count(f["group"])) << "unknown group";
      EXPECT_THAT((std::vector<std::string>{"text", "select", "secret", "readonly"}),
                  ::testing::Contains(f["type"].get<std::string>()));
      EXPECT_TRUE(f["required"].is_boolean());
      if (f.contains("pattern")) {
        // Compiles as an ECMAScript regex (what the browser will do with it).
        EXPECT_NO_THROW(std::wregex(testing::Widen(f["pattern"]), std::regex::ECMAScript));
      }
      if (f["type"] == "select") {
        EXPECT_FALSE(f["options"].empty());
      }
      if (f.contains("default") && f.contains("pattern")) {
        EXPECT_TRUE(testing::PatternMatches(f["pattern"], f["default"]));
      }
    }
  }
}

// Browsers compile an <input pattern> with the 'v' flag, which rejects some classes the
// legacy syntax accepts (an unescaped '-' or '/'): an invalid pattern is silently ignored
// there. This asks a real JavaScript engine, when one is installed.
TEST(ConnectorSchemaTest, PatternsCompileInJavaScriptWithEveryFlag) {
  if (std::system("node --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "node not installed";
  json patterns = json::array();
  for (Provider p : AllProviders()) {
    json schema = ConnectorFieldSchema(p);
    for (const json& f : schema["fields"]) {
      if (f.contains("pattern")) patterns.push_back(f["pattern"]);
    }
  }
  auto dir = std::filesystem::temp_directory_path() /
             ("focusd_patterns_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
              "_" + std::to_string(reinterpret_cast<uintptr_t>(&patterns)));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "patterns.json") << patterns.dump();
  std::ofstream(dir / "check.js")
      << "const ps = require(process.argv[2]); let bad = 0;\n"
         "for (const p of ps) for (const flag of ['', 'u', 'v']) {\n"
         "  try { new RegExp(p, flag); } catch (e) { bad++; console.log(flag, p, e.message); }\n"
         "}\n"
         "console.log(bad ? 'FAILED' : 'ok ' + ps.length);\n";
  std::string cmd = "node " + (dir / "check.js").string() + " " + (dir / "patterns.json").string();
  std::string output = focusd::testing::RunCommand(cmd).out;
  std::filesystem::remove_all(dir);
  ASSERT_GT(patterns.size(), 15u);
  EXPECT_EQ(output, "ok " + std::to_string(patterns.size()) + "\n");
}

TEST(ConnectorSchemaTest, NameAndSecretFieldsUseTheProductWording) {
  for (Provider p : AllProviders()) {
    json schema = ConnectorFieldSchema(p);
    const json& name = schema["fields"][0];
    EXPECT_EQ(name["key"], "name");
    EXPECT_EQ(name["label"], "Billing Connector Identification");
    EXPECT_EQ(name["help"], "Enter the name that identifies the billing connector");
    EXPECT_EQ(name["group"], "connector");
    EXPECT_EQ(name["required"], true);
    EXPECT_EQ(name["max_length"], 100);
    if (p == Provider::kAws) continue;
    const json& secret = schema["fields"][1];
    EXPECT_EQ(secret["key"], "secret_id");
    EXPECT_EQ(secret["type"], "secret");
    EXPECT_EQ(secret["required"], true);
    EXPECT_EQ(secret["label"], "Select the secret for this billing connector");
    EXPECT_THAT(secret["help"].get<std::string>(),
                HasSubstr(std::string("connect with the ") + ProviderName(p) + " environment"));
  }
}

TEST(ConnectorSchemaTest, AwsFields) {
  json schema = ConnectorFieldSchema(Provider::kAws);
  EXPECT_EQ(schema["groups"][1], json({{"id", "daily_query"},
                                       {"label", "Data source for daily query"}}));
  EXPECT_EQ(Field(schema, "account_id")["label"], "AWS Account ID");
  EXPECT_EQ(Field(schema, "account_id")["pattern"], kAwsAccountIdPattern);
  EXPECT_EQ(Field(schema, "bucket")["group"], "daily_query");
  EXPECT_EQ(Field(schema, "path")["group"], "daily_query");
  EXPECT_EQ(Field(schema, "path")["label"], "Path containing the billing data");
  const json& file_type = Field(schema, "file_type");
  EXPECT_EQ(file_type["type"], "select");
  EXPECT_EQ(file_type["group"], "daily_query");
  EXPECT_EQ(file_type["options"], json::parse(R"j([{"value":"parquet","label":"Parquet"},
                                                   {"value":"csv_gzip","label":"CSV (gzip)"}])j"));
  EXPECT_EQ(Field(schema, "role_name")["default"], "focusd-billing-reader");
  EXPECT_EQ(Field(schema, "role_name")["max_length"], 64);
  EXPECT_EQ(Field(schema, "external_id")["type"], "readonly");
}

TEST(ConnectorSchemaTest, AzureAndGcpGroups) {
  json azure = ConnectorFieldSchema(Provider::kAzure);
  EXPECT_EQ(Field(azure, "region")["options"],
            json::parse(R"([{"value":"Default","label":"Default"},
                            {"value":"China","label":"China"}])"));
  EXPECT_EQ(Field(azure, "region")["default"], "Default");
  EXPECT_EQ(Field(azure, "storage_account")["group"], "daily_query");
  EXPECT_EQ(Field(azure, "path")["placeholder"], "container/folder");

  json gcp = ConnectorFieldSchema(Provider::kGcp);
  EXPECT_EQ(gcp["groups"][1]["label"], "Origin of information in GCP BigQuery");
  EXPECT_EQ(gcp["groups"][2]["label"], "BigQuery result destination in CloudStorage");
  EXPECT_EQ(Field(gcp, "billing_account_id")["label"], "GCP Account ID");
  EXPECT_EQ(Field(gcp, "bq_project_id")["group"], gcp["groups"][1]["id"]);
  EXPECT_EQ(Field(gcp, "bq_dataset")["label"], "BigQuery dataset name");
  EXPECT_EQ(Field(gcp, "dest_bucket")["label"], "Bucket name in CloudStorage");
  EXPECT_EQ(Field(gcp, "dest_bucket")["group"], gcp["groups"][2]["id"]);
  EXPECT_EQ(Field(gcp, "keep_exports")["default"], "delete");
  EXPECT_EQ(Field(gcp, "keep_exports")["group"], gcp["groups"][2]["id"]);
}

// --- connector name ----------------------------------------------------------------------

TEST(ConnectorSchemaTest, ValidateConnectorName) {
  EXPECT_TRUE(ValidateConnectorName("Prod AWS").empty());
  EXPECT_TRUE(ValidateConnectorName(std::string(100, 'x')).empty());
  auto blank = ValidateConnectorName("   ");
  ASSERT_EQ(blank.size(), 1u);
  EXPECT_EQ(blank[0].field, "name");
  EXPECT_EQ(blank[0].message, "Billing Connector Identification is required");
  EXPECT_EQ(ValidateConnectorName("")[0].message, "Billing Connector Identification is required");
  EXPECT_EQ(ValidateConnectorName(std::string(101, 'x'))[0].message,
            "Billing Connector Identification must be at most 100 characters");
  EXPECT_EQ(ValidateConnectorName("Prod/AWS")[0].message,
            "Billing Connector Identification may contain only letters, digits, spaces, '-', "
            "'_' and '.'");
  EXPECT_EQ(ValidateConnectorName(" Prod")[0].message,
            "Billing Connector Identification must not start or end with a space");
}

// --- AWS ---------------------------------------------------------------------------------

TEST(ConnectorSchemaTest, AwsValidFieldsAreKept) {
  json fields = ValidAwsFields();
  EXPECT_TRUE(ValidateConnectorFields(Provider::kAws, &fields).empty());
  EXPECT_EQ(fields, ValidAwsFields());
}

TEST(ConnectorSchemaTest, AwsNormalizationTrimsDefaultsAndDropsUnknownKeys) {
  json fields = {{"account_id", " 1234-5678-9012 "},
                 {"bucket", "acme-billing\n"},
                 {"path", " focus/exports/ "},
                 {"file_type", "PARQUET"},
                 {"external_id", "focusd-0123456789abcdef0123456789abcdef"},
                 {"name", "not a provider field"},
                 {"surprise", 42}};
  EXPECT_TRUE(ValidateConnectorFields(Provider::kAws, &fields).empty());
  EXPECT_EQ(fields, json({{"account_id", "123456789012"},
                          {"bucket", "acme-billing"},
                          {"path", "focus/exports"},
                          {"file_type", "parquet"},
                          {"role_name", "focusd-billing-reader"},
                          {"external_id", "focusd-0123456789abcdef0123456789abcdef"}}));
}

TEST(ConnectorSchemaTest, AwsFileTypeDefaultsToParquet) {
  json fields = ValidAwsFields();
  fields.erase("file_type");
  EXPECT_TRUE(ValidateConnectorFields(Provider::kAws, &fields).empty());
  EXPECT_EQ(fields["file_type"], "parquet");
}

TEST(ConnectorSchemaTest, AwsErrorsNameTheFieldAndItsLabel) {
  json fields = {{"account_id", "12345"},
                 {"bucket", "Acme-Billing"},
                 {"path", "/focus"},
                 {"file_type", "json"},
                 {"role_name", "bad role"},
                 {"external_id", "focusd-xyz"}};
  auto errors = ValidateConnectorFields(Provider::kAws, &fields);
  EXPECT_EQ(errors.size(), 6u);
  EXPECT_EQ(ErrorOn(errors, "account_id"), "AWS Account ID must be exactly 12 digits");
  EXPECT_EQ(ErrorOn(errors, "bucket"), "S3 Bucket name must be lowercase");
  EXPECT_EQ(ErrorOn(errors, "path"), "Path containing the billing data must not start with '/'");
  EXPECT_EQ(ErrorOn(errors, "file_type"),
            "Type of file in bucket must be one of: parquet, csv_gzip");
  EXPECT_EQ(ErrorOn(errors, "role_name"),
            "IAM Role name may contain only letters, digits and + = , . @ _ -");
  EXPECT_EQ(ErrorOn(errors, "external_id"),
            "External ID must be \"focusd-\" followed by 32 lowercase hex characters");
  // Names that must be lowercase are reported, never silently lowercased.
  EXPECT_EQ(fields["bucket"], "Acme-Billing");
}

TEST(ConnectorSchemaTest, AwsRequiredFields) {
  json fields = json::object();
  auto errors = ValidateConnectorFields(Provider::kAws, &fields);
  EXPECT_EQ(ErrorOn(errors, "account_id"), "AWS Account ID is required");
  EXPECT_EQ(ErrorOn(errors, "bucket"), "S3 Bucket name is required");
  EXPECT_EQ(ErrorOn(errors, "path"), "Path containing the billing data is required");
  EXPECT_EQ(ErrorOn(errors, "external_id"), "External ID is required");
  EXPECT_EQ(ErrorOn(errors, "file_type"), "");  // defaulted
  EXPECT_EQ(ErrorOn(errors, "role_name"), "");  // defaulted
  EXPECT_EQ(errors.size(), 4u);

  json slash_only = ValidAwsFields();
  slash_only["path"] = "/";
  EXPECT_EQ(ErrorOn(ValidateConnectorFields(Provider::kAws, &slash_only), "path"),
            "Path containing the billing data is required");
}

TEST(ConnectorSchemaTest, NonTextValuesAndNonObjects) {
  json fields = ValidAwsFields();
  fields["account_id"] = 123456789012;
  fields["bucket"] = nullptr;
  auto errors = ValidateConnectorFields(Provider::kAws, &fields);
  EXPECT_EQ(ErrorOn(errors, "account_id"), "AWS Account ID must be text");
  EXPECT_EQ(ErrorOn(errors, "bucket"), "S3 Bucket name is required");

  json not_object = json::array();
  errors = ValidateConnectorFields(Provider::kOci, &not_object);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "fields");
  EXPECT_EQ(errors[0].message, "Connector fields must be a JSON object");
}

// --- Azure -------------------------------------------------------------------------------

TEST(ConnectorSchemaTest, AzureValidAndNormalized) {
  json fields = ValidAzureFields();
  EXPECT_TRUE(ValidateConnectorFields(Provider::kAzure, &fields).empty());
  EXPECT_EQ(fields, ValidAzureFields());

  json lax = {{"region", "china"}, {"storage_account", "acmebilling"}, {"path", "exports/"},
              {"secret_id", "sec_1"}};
  EXPECT_TRUE(ValidateConnectorFields(Provider::kAzure, &lax).empty());
  EXPECT_EQ(lax, json({{"region", "China"}, {"storage_account", "acmebilling"},
                       {"path", "exports"}}));

  json no_region = {{"storage_account", "acmebilling"}, {"path", "exports"}};
  EXPECT_TRUE(ValidateConnectorFields(Provider::kAzure, &no_region).empty());
  EXPECT_EQ(no_region["region"], "Default");
}

TEST(ConnectorSchemaTest, AzureErrors) {
  json fields = {{"region", "Germany"}, {"storage_account", "Acme"}, {"path", "ex/focus"}};
  auto errors = ValidateConnectorFields(Provider::kAzure, &fields);
  EXPECT_EQ(errors.size(), 3u);
  EXPECT_EQ(ErrorOn(errors, "region"), "Region must be one of: Default, China");
  EXPECT_EQ(ErrorOn(errors, "storage_account"), "Storage account name must be lowercase");
  EXPECT_EQ(ErrorOn(errors, "path"),
            "Path containing the billing data must start with the container name, which must "
            "be 3 to 63 characters long");
}

// --- GCP ---------------------------------------------------------------------------------

TEST(ConnectorSchemaTest, GcpValidAndBillingAccountUpperCased) {
  json fields = ValidGcpFields();
  fields["billing_account_id"] = "012345-6789ab-cdef01";
  EXPECT_TRUE(ValidateConnectorFields(Provider::kGcp, &fields).empty());
  json expected = ValidGcpFields();
  expected["keep_exports"] = "delete";  // the default: exported files are scratch
  EXPECT_EQ(fields, expected);
}

TEST(ConnectorSchemaTest, GcpOptionalViewNameAndKeepingExports) {
  json fields = ValidGcpFields();
  fields["source_table"] = "focus_view";
  fields["keep_exports"] = "Keep";
  EXPECT_TRUE(ValidateConnectorFields(Provider::kGcp, &fields).empty());
  EXPECT_EQ(fields["source_table"], "focus_view");
  EXPECT_EQ(fields["keep_exports"], "keep");

  json bad = ValidGcpFields();
  bad["source_table"] = "focus view; DROP";
  bad["keep_exports"] = "sometimes";
  auto errors = ValidateConnectorFields(Provider::kGcp, &bad);
  EXPECT_EQ(ErrorOn(errors, "source_table"), "FOCUS table or view name may contain only letters, digits, '_' and '-'");
  EXPECT_EQ(ErrorOn(errors, "keep_exports"), "Exported files after loading must be one of: delete, keep");
}

TEST(ConnectorSchemaTest, GcpErrorsTellTheTwoProjectsApart) {
  json fields = ValidGcpFields();
  fields["bq_project_id"] = "Acme";
  fields["dest_project_id"] = "1acme-results";
  fields["bq_region"] = "us";
  fields["dest_dataset"] = "focusd-results";
  fields["dest_bucket"] = "acme-google-results";
  fields["billing_account_id"] = "0123456789AB";
  auto errors = ValidateConnectorFields(Provider::kGcp, &fields);
  EXPECT_EQ(errors.size(), 6u);
  EXPECT_EQ(ErrorOn(errors, "bq_project_id"),
            "GCP Project ID (BigQuery origin) must be 6 to 30 characters long");
  EXPECT_EQ(ErrorOn(errors, "dest_project_id"),
            "GCP Project ID (CloudStorage destination) must start with a letter");
  EXPECT_EQ(ErrorOn(errors, "bq_region"),
            "Region (BigQuery origin) must be US, EU or a region such as us-central1");
  EXPECT_EQ(ErrorOn(errors, "dest_dataset"),
            "BigQuery dataset name (CloudStorage destination) may contain only letters, digits "
            "and '_'");
  EXPECT_EQ(ErrorOn(errors, "dest_bucket"),
            "Bucket name in CloudStorage must not contain \"google\" or a misspelling of it");
  EXPECT_THAT(ErrorOn(errors, "billing_account_id"), HasSubstr("GCP Account ID must look like"));
}

TEST(ConnectorSchemaTest, GcpAllRequired) {
  json fields = json::object();
  auto errors = ValidateConnectorFields(Provider::kGcp, &fields);
  EXPECT_EQ(errors.size(), 8u);
  EXPECT_EQ(ErrorOn(errors, "dest_bucket"), "Bucket name in CloudStorage is required");
}

// --- OCI ---------------------------------------------------------------------------------

TEST(ConnectorSchemaTest, OciHasNoProviderFields) {
  json fields = {{"anything", "x"}};
  EXPECT_TRUE(ValidateConnectorFields(Provider::kOci, &fields).empty());
  EXPECT_EQ(fields, json::object());
  EXPECT_TRUE(ValidateConnectorFields(Provider::kOci, nullptr).empty());
}

// --- external id -------------------------------------------------------------------------

TEST(ConnectorSchemaTest, NewAwsExternalIdIsFreshAndValid) {
  std::string a = NewAwsExternalId();
  std::string b = NewAwsExternalId();
  EXPECT_TRUE(std::regex_match(a, std::regex("focusd-[0-9a-f]{32}")));
  EXPECT_EQ(CheckAwsExternalId(a), std::nullopt);
  EXPECT_NE(a, b);
  json fields = ValidAwsFields();
  fields["external_id"] = a;
  EXPECT_TRUE(ValidateConnectorFields(Provider::kAws, &fields).empty());
}

}  // namespace
}  // namespace focusd
