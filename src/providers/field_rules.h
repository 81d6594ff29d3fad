// The real-world naming rules of the identifiers a connector refers to (AWS account ids, S3
// buckets, IAM role names, Azure storage accounts and containers, GCP projects, BigQuery
// datasets, Cloud Storage buckets, ...), plus the connector name rule.
//
// Each Check* returns nullopt when `value` follows the rule, otherwise the reason as a phrase
// meant to follow the field's label, so callers can say "<label> <reason>", e.g.
// "AWS Account ID" + "must be exactly 12 digits". Values are checked as given: callers trim
// and normalize first (see connector_schema.h).
//
// Each k*Pattern is a JavaScript regular expression for the same rule, served in the form
// schema so the UI can hint before submitting. The patterns compile with and without the
// 'u' and 'v' flags (browsers compile an HTML pattern attribute with 'v', where '-' and '/'
// inside a class must be escaped). Where a rule cannot be written as a
// reasonable regex (component lengths, '..' path segments), the pattern is looser than the
// Check* function: the server stays authoritative.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace focusd {

// Connector name: 1-100 characters; letters (ASCII and Latin accented letters, so names
// like "Produção" work), digits, space, '-', '_', '.'; no leading or trailing space.
std::optional<std::string> CheckConnectorName(std::string_view value);
inline constexpr const char* kConnectorNamePattern =
    R"(^[A-Za-z0-9._\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u017F\-])"
    R"((?:[A-Za-z0-9 ._\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u017F\-]{0,98})"
    R"([A-Za-z0-9._\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u017F\-])?$)";

// --- AWS ---------------------------------------------------------------------------------

// Exactly 12 digits (normalization strips the hyphens of the console's "1234-5678-9012").
std::optional<std::string> CheckAwsAccountId(std::string_view value);
inline constexpr const char* kAwsAccountIdPattern =
    R"(^(?:[0-9]{12}|[0-9]{4}-[0-9]{4}-[0-9]{4})$)";

// S3 general purpose bucket naming rules.
std::optional<std::string> CheckS3BucketName(std::string_view value);
inline constexpr const char* kS3BucketPattern =
    R"(^(?!xn--|sthree-|amzn-s3-demo-)(?!.*\.\.)(?![0-9]{1,3}(?:\.[0-9]{1,3}){3}$))"
    R"((?!.*(?:-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$)[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$)";

// The S3 key prefix billing exports live under ("focus/exports"; no leading '/').
// Besides the generic path rules it forbids '*', '?' and '$', which would act as wildcards
// or policy variables in the reader role's IAM policy.
std::optional<std::string> CheckS3Prefix(std::string_view value);
inline constexpr const char* kS3PrefixPattern =
    R"(^[^\/\x00-\x1f\x7f\\*?$]+(?:/[^\/\x00-\x1f\x7f\\*?$]+)*/?$)";

// IAM role name: 1-64 characters of letters, digits and + = , . @ _ -.
std::optional<std::string> CheckIamRoleName(std::string_view value);
inline constexpr const char* kIamRoleNamePattern = R"(^[\w+=,.@\-]{1,64}$)";

// The external id focusd generates: "focusd-" + 32 lowercase hex characters.
std::optional<std::string> CheckAwsExternalId(std::string_view value);
inline constexpr const char* kAwsExternalIdPattern = R"(^focusd-[0-9a-f]{32}$)";

// --- Azure -------------------------------------------------------------------------------

// Storage account name: 3-24 lowercase letters and digits.
std::optional<std::string> CheckAzureStorageAccount(std::string_view value);
inline constexpr const char* kAzureStorageAccountPattern = R"(^[a-z0-9]{3,24}$)";

// Blob container name: 3-63 lowercase letters, digits and hyphens; starts and ends with a
// letter or digit; every hyphen between letters or digits (so no "--").
std::optional<std::string> CheckAzureContainerName(std::string_view value);

// "container" or "container/folder/...": a container name, then a blob prefix following
// the generic path rules.
std::optional<std::string> CheckAzureBlobPath(std::string_view value);
inline constexpr const char* kAzureBlobPathPattern =
    R"(^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62})"
    R"((?:/[^\/\x00-\x1f\x7f\\]+)*/?$)";

// --- GCP ---------------------------------------------------------------------------------

// Cloud Billing account id: "012345-6789AB-CDEF01" (upper-case hex; normalization
// upper-cases, so the pattern accepts lower case too).
std::optional<std::string> CheckGcpBillingAccountId(std::string_view value);
inline constexpr const char* kGcpBillingAccountIdPattern =
    R"(^[0-9A-Fa-f]{6}-[0-9A-Fa-f]{6}-[0-9A-Fa-f]{6}$)";

// Project id: 6-30 lowercase letters, digits and hyphens; starts with a letter; does not
// end with a hyphen.
std::optional<std::string> CheckGcpProjectId(std::string_view value);
inline constexpr const char* kGcpProjectIdPattern = R"(^[a-z][a-z0-9\-]{4,28}[a-z0-9]$)";

// A BigQuery / Cloud Storage location: the multi-regions "US" and "EU", or a region such as
// "us-central1" or "southamerica-east1".
std::optional<std::string> CheckGcpLocation(std::string_view value);
inline constexpr const char* kGcpLocationPattern = R"(^(?:US|EU|[a-z]+-[a-z]+[0-9]{1,2})$)";

// BigQuery dataset name: 1-1024 letters, digits and underscores.
std::optional<std::string> CheckBigQueryDatasetName(std::string_view value);
inline constexpr const char* kBigQueryDatasetPattern = R"(^[A-Za-z0-9_]{1,1024}$)";

// Cloud Storage bucket naming rules: 3-63 characters (up to 222 when it contains dots, each
// dot-separated part at most 63); lowercase letters, digits, '-', '_' and '.'; starts and
// ends with a letter or digit; not an IP address; not starting with "goog"; not containing
// "google" or "g00gle".
std::optional<std::string> CheckGcsBucketName(std::string_view value);
inline constexpr const char* kGcsBucketPattern =
    R"(^(?!goog)(?!.*(?:google|g00gle))(?![0-9]{1,3}(?:\.[0-9]{1,3}){3}$)(?!.*\.\.))"
    R"((?:[a-z0-9][a-z0-9_\-]{1,61}[a-z0-9]|(?=.{3,222}$)(?=.*\.)[a-z0-9][a-z0-9._\-]*[a-z0-9])$)";

}  // namespace focusd
