// Every field rule with valid and invalid examples, including the length boundaries. Each
// invalid example names the reason the user sees; the schema's JavaScript pattern for the
// rule must accept every valid example and reject the invalid ones it can express.
#include "providers/field_rules.h"

#include <gtest/gtest.h>

#include <functional>

#include "providers/rule_test_support.h"

namespace focusd {
namespace {

using Check = std::function<std::optional<std::string>(std::string_view)>;

struct Case {
  std::string value;
  std::string reason;            // empty: valid; otherwise a substring of the reason
  bool pattern_catches = true;   // false where only the server can tell (see field_rules.h)
};

void ExpectRule(const Check& check, const char* pattern, const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE("value: \"" + c.value + "\" (" + std::to_string(c.value.size()) + " bytes)");
    std::optional<std::string> problem = check(c.value);
    if (c.reason.empty()) {
      EXPECT_EQ(problem, std::nullopt);
      if (pattern) {
        EXPECT_TRUE(testing::PatternMatches(pattern, c.value)) << pattern;
      }
    } else {
      ASSERT_TRUE(problem.has_value());
      EXPECT_NE(problem->find(c.reason), std::string::npos) << *problem;
      if (pattern && c.pattern_catches) {
        EXPECT_FALSE(testing::PatternMatches(pattern, c.value)) << pattern;
      }
    }
  }
}

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// The pattern checks below are only worth something if the helper reads patterns like a
// browser: lookaheads, \u escapes and \x escapes included.
TEST(FieldRulesTest, PatternHelperReadsJavaScriptSyntax) {
  EXPECT_TRUE(testing::PatternMatches(R"(^(?!x)[a-z]+$)", "abc"));
  EXPECT_FALSE(testing::PatternMatches(R"(^(?!x)[a-z]+$)", "xabc"));
  EXPECT_TRUE(testing::PatternMatches(R"(^[\u00C0-\u017F]$)", "\xC3\xA7"));  // ç
  EXPECT_FALSE(testing::PatternMatches(R"(^[\u00C0-\u017F]$)", "c"));
  EXPECT_FALSE(testing::PatternMatches(R"(^[^\x00-\x1f]+$)", "a\tb"));
  EXPECT_TRUE(testing::PatternMatches(R"(^[\w-]{2}$)", "a-"));
}

TEST(FieldRulesTest, ConnectorName) {
  ExpectRule(CheckConnectorName, kConnectorNamePattern,
             {{"a", ""},
              {"Prod AWS", ""},
              {"prod_aws-1.0", ""},
              {"Produção", ""},
              {"Ñandú Şirket billing", ""},
              {Repeat("a", 100), ""},
              {Repeat("é", 100), ""},  // 100 characters, 200 bytes
              {"", "is required"},
              {Repeat("a", 101), "at most 100 characters"},
              {Repeat("é", 101), "at most 100 characters"},
              {" leading", "must not start or end with a space"},
              {"trailing ", "must not start or end with a space"},
              {"a/b", "may contain only letters, digits, spaces, '-', '_' and '.'"},
              {"a\tb", "may contain only"},
              {"semi;colon", "may contain only"},
              {"a\xC3\x97" "b", "may contain only"},       // U+00D7 multiplication sign
              {"smile \xF0\x9F\x98\x80", "may contain only"},  // emoji
              {"bad\xC3\x28", "valid UTF-8", false}});
}

TEST(FieldRulesTest, AwsAccountId) {
  ExpectRule(CheckAwsAccountId, kAwsAccountIdPattern,
             {{"123456789012", ""},
              {"000000000000", ""},
              {"12345678901", "must be exactly 12 digits"},
              {"1234567890123", "must be exactly 12 digits"},
              {"12345678901a", "must be exactly 12 digits"},
              {" 23456789012", "must be exactly 12 digits"},
              {"", "must be exactly 12 digits"},
              // The console's form is accepted by the pattern; normalization strips hyphens
              // before this check (see connector_schema_test.cc).
              {"1234-5678-9012", "must be exactly 12 digits", false}});
}

TEST(FieldRulesTest, S3BucketName) {
  ExpectRule(CheckS3BucketName, kS3BucketPattern,
             {{"abc", ""},
              {Repeat("a", 63), ""},
              {"my.bucket.name", ""},
              {"a-b", ""},
              {"1bucket", ""},
              {"192.168.5", ""},
              {"xn-bucket", ""},
              {"my-s3alias-bucket", ""},
              {"ab", "must be 3 to 63 characters long"},
              {Repeat("a", 64), "must be 3 to 63 characters long"},
              {"My-bucket", "must be lowercase"},
              {"my_bucket", "may contain only lowercase letters, digits, '.' and '-'"},
              {"my bucket", "may contain only"},
              {"-bucket", "must start and end with a letter or digit"},
              {"bucket-", "must start and end with a letter or digit"},
              {".bucket", "must start and end with a letter or digit"},
              {"bucket.", "must start and end with a letter or digit"},
              {"my..bucket", "must not contain two adjacent periods"},
              {"192.168.5.4", "must not be formatted as an IP address"},
              {"xn--bucket", "reserved prefix \"xn--\""},
              {"sthree-bucket", "reserved prefix \"sthree-\""},
              {"sthree-configurator-x", "reserved prefix \"sthree-\""},
              {"amzn-s3-demo-bucket", "reserved prefix \"amzn-s3-demo-\""},
              {"bucket-s3alias", "reserved suffix \"-s3alias\""},
              {"bucket--ol-s3", "reserved suffix \"--ol-s3\""},
              {"bucket.mrap", "reserved suffix \".mrap\""},
              {"bucket--x-s3", "reserved suffix \"--x-s3\""},
              {"bucket--table-s3", "reserved suffix \"--table-s3\""}});
}

TEST(FieldRulesTest, S3Prefix) {
  ExpectRule(CheckS3Prefix, kS3PrefixPattern,
             {{"focus", ""},
              {"a", ""},
              {"focus/exports", ""},
              {"focus/exports/", ""},  // trailing '/' is trimmed by normalization
              {"data/BILLING_PERIOD=2024-01", ""},
              {"exports (prod)/it's here", ""},
              {"ação/relatórios", ""},
              {Repeat("a", 1024), ""},
              {"", "is required"},
              {Repeat("a", 1025), "at most 1024 characters", false},
              {"/focus", "must not start with '/'"},
              {"focus//exports", "must not contain '//'"},
              {"s3://bucket/focus", "must be a path inside the bucket, not a URL"},
              {"focus\\exports", "not '\\'"},
              {"focus/\x01x", "control characters"},
              {"focus/\nx", "control characters"},
              {"focus/*", "must not contain '*', '?' or '$'"},
              {"focus?x", "must not contain '*', '?' or '$'"},
              {"focus/${aws:username}", "must not contain '*', '?' or '$'"},
              {"focus/../x", "must not contain '.' or '..' folders", false},
              {"./focus", "must not contain '.' or '..' folders", false},
              {"focus/.", "must not contain '.' or '..' folders", false},
              {"bad\xC3\x28", "valid UTF-8", false}});
}

TEST(FieldRulesTest, IamRoleName) {
  ExpectRule(CheckIamRoleName, kIamRoleNamePattern,
             {{"a", ""},
              {"focusd-billing-reader", ""},
              {"Role_+=,.@-9", ""},
              {Repeat("r", 64), ""},
              {"", "must be 1 to 64 characters long"},
              {Repeat("r", 65), "must be 1 to 64 characters long"},
              {"role name", "may contain only letters, digits and + = , . @ _ -"},
              {"role/name", "may contain only"},
              {"r\xC3\xB4le", "may contain only"}});
}

TEST(FieldRulesTest, AwsExternalId) {
  std::string hex = "0123456789abcdef0123456789abcdef";
  ExpectRule(CheckAwsExternalId, kAwsExternalIdPattern,
             {{"focusd-" + hex, ""},
              {"focusd-" + Repeat("f", 32), ""},
              {"focusd-" + hex.substr(0, 31), "\"focusd-\" followed by 32 lowercase hex"},
              {"focusd-" + hex + "0", "followed by 32 lowercase hex"},
              {"focusd-0123456789ABCDEF0123456789abcdef", "followed by 32 lowercase hex"},
              {"focusd-" + hex.substr(0, 31) + "g", "followed by 32 lowercase hex"},
              {"other-0" + hex, "followed by 32 lowercase hex"},
              {"", "followed by 32 lowercase hex"}});
}

TEST(FieldRulesTest, AzureStorageAccount) {
  ExpectRule(CheckAzureStorageAccount, kAzureStorageAccountPattern,
             {{"abc", ""},
              {"acme123", ""},
              {Repeat("a", 24), ""},
              {"ab", "must be 3 to 24 characters long"},
              {Repeat("a", 25), "must be 3 to 24 characters long"},
              {"Acmebilling", "must be lowercase"},
              {"acme-billing", "may contain only lowercase letters and digits"},
              {"acme_billing", "may contain only lowercase letters and digits"}});
}

TEST(FieldRulesTest, AzureContainerName) {
  ExpectRule(CheckAzureContainerName, nullptr,
             {{"abc", ""},
              {"a-b-c", ""},
              {"123", ""},
              {Repeat("c", 63), ""},
              {"ab", "must be 3 to 63 characters long"},
              {Repeat("c", 64), "must be 3 to 63 characters long"},
              {"Exports", "must be lowercase"},
              {"cost_exports", "may contain only lowercase letters, digits and '-'"},
              {"-abc", "must start and end with a letter or digit"},
              {"abc-", "must start and end with a letter or digit"},
              {"a--b", "must not contain consecutive hyphens"}});
}

TEST(FieldRulesTest, AzureBlobPath) {
  ExpectRule(CheckAzureBlobPath, kAzureBlobPathPattern,
             {{"exports", ""},
              {"exports/focus/daily", ""},
              {"cost-exports/Focus Export (prod)", ""},
              {Repeat("c", 63) + "/x", ""},
              {"", "is required"},
              {"/exports", "must not start with '/'"},
              {"https://acct.blob.core.windows.net/exports",
               "must be a path inside the storage account, not a URL"},
              {"exports//focus", "must not contain '//'"},
              {"exports\\focus", "not '\\'"},
              {"ex/focus", "must start with the container name, which must be 3 to 63"},
              {Repeat("c", 64) + "/x", "container name, which must be 3 to 63"},
              {"Exports/focus", "container name, which must be lowercase"},
              {"cost_exports/focus", "container name, which may contain only"},
              {"-exports/focus", "container name, which must start and end"},
              {"a--b/focus", "container name, which must not contain consecutive hyphens"},
              {"exports/../x", "must not contain '.' or '..' folders", false}});
}

TEST(FieldRulesTest, GcpBillingAccountId) {
  ExpectRule(CheckGcpBillingAccountId, kGcpBillingAccountIdPattern,
             {{"012345-6789AB-CDEF01", ""},
              {"000000-000000-000000", ""},
              // Lower case is upper-cased by normalization, so only the server rejects it here.
              {"012345-6789ab-cdef01", "must look like 012345-6789AB-CDEF01", false},
              {"0123456-789AB-CDEF01", "must look like"},
              {"012345-6789AB-CDEF0", "must look like"},
              {"012345-6789AB-CDEF012", "must look like"},
              {"012345_6789AB_CDEF01", "must look like"},
              {"G12345-6789AB-CDEF01", "must look like"},
              {"", "must look like"}});
}

TEST(FieldRulesTest, GcpProjectId) {
  ExpectRule(CheckGcpProjectId, kGcpProjectIdPattern,
             {{"abcdef", ""},
              {"my-project", ""},
              {"project-123", ""},
              {"a" + Repeat("b", 29), ""},
              {"abcde", "must be 6 to 30 characters long"},
              {"a" + Repeat("b", 30), "must be 6 to 30 characters long"},
              {"My-project", "must be lowercase"},
              {"my_project", "may contain only lowercase letters, digits and '-'"},
              {"1project", "must start with a letter"},
              {"-project", "must start with a letter"},
              {"project-", "must not end with a hyphen"}});
}

TEST(FieldRulesTest, GcpLocation) {
  ExpectRule(CheckGcpLocation, kGcpLocationPattern,
             {{"US", ""},
              {"EU", ""},
              {"us-central1", ""},
              {"southamerica-east1", ""},
              {"europe-west12", ""},
              {"northamerica-northeast2", ""},
              {"us", "must be US, EU or a region such as us-central1"},
              {"Us-central1", "must be US, EU or a region"},
              {"us-central", "must be US, EU or a region"},
              {"uscentral1", "must be US, EU or a region"},
              {"us-central123", "must be US, EU or a region"},
              {"us-central-1", "must be US, EU or a region"},
              {"-central1", "must be US, EU or a region"},
              {"ASIA", "must be US, EU or a region"},
              {"", "must be US, EU or a region"}});
}

TEST(FieldRulesTest, BigQueryDatasetName) {
  ExpectRule(CheckBigQueryDatasetName, kBigQueryDatasetPattern,
             {{"A", ""},
              {"billing_export", ""},
              {"Dataset_2024", ""},
              {Repeat("d", 1024), ""},
              {"", "must be 1 to 1024 characters long"},
              {Repeat("d", 1025), "must be 1 to 1024 characters long"},
              {"billing-export", "may contain only letters, digits and '_'"},
              {"billing export", "may contain only"},
              {"billing.export", "may contain only"}});
}

TEST(FieldRulesTest, GcsBucketName) {
  std::string part63 = Repeat("p", 63);
  std::string dotted222 = part63 + "." + part63 + "." + part63 + "." + Repeat("q", 30);
  ASSERT_EQ(dotted222.size(), 222u);
  ExpectRule(CheckGcsBucketName, kGcsBucketPattern,
             {{"abc", ""},
              {"my_bucket", ""},
              {"my-bucket.example.com", ""},
              {"a.b.c", ""},
              {Repeat("b", 63), ""},
              {dotted222, ""},
              {"ab", "must be 3 to 63 characters long (up to 222 when it contains dots)"},
              {Repeat("b", 64), "must be 3 to 63 characters long"},
              {dotted222 + "q", "must be 3 to 63 characters long (up to 222"},
              {part63 + "p.example", "dot-separated part longer than 63", false},
              {"MyBucket", "must be lowercase"},
              {"my bucket", "may contain only lowercase letters, digits, '-', '_' and '.'"},
              {"-abc", "must start and end with a letter or digit"},
              {"abc_", "must start and end with a letter or digit"},
              {"a..b", "must not contain two adjacent periods"},
              {"192.168.5.4", "must not be formatted as an IP address"},
              {"goog-bucket", "must not start with \"goog\""},
              {"my-google-bucket", "must not contain \"google\""},
              {"my-g00gle-bucket", "must not contain \"google\" or a misspelling"}});
}

}  // namespace
}  // namespace focusd
