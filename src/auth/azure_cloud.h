// Which Azure cloud a connector talks to, and the endpoints that follow from it:
//   Default (public): login.microsoftonline.com, <account>.blob.core.windows.net
//   China (21Vianet): login.chinacloudapi.cn,    <account>.blob.core.chinacloudapi.cn
// Overrides take the forms Azure tools use, for emulators, tests and sovereign setups:
//   - a blob endpoint URL ("https://acct.blob.example", "http://127.0.0.1:10000/devstoreaccount1")
//     or a storage connection string carrying BlobEndpoint= (or EndpointSuffix=, or
//     UseDevelopmentStorage=true); account keys in a connection string are ignored (the key
//     comes from the connector's secret);
//   - an authority host like AZURE_AUTHORITY_HOST ("https://login.chinacloudapi.cn/").
// Plain http is accepted only for loopback hosts (emulators): credentials never cross a
// network unencrypted.
#pragma once

#include <string>

#include "core/status.h"

namespace focusd {

enum class AzureCloud { kPublic, kChina };

// "Default" | "China" (case-insensitive; "" is Default). Else InvalidArgument on "region".
Result<AzureCloud> ParseAzureRegion(const std::string& region);

struct AzureEndpointOverrides {
  std::string blob_endpoint;   // URL or connection string; empty: the cloud's default
  std::string authority_host;  // empty: the cloud's default
};

struct AzureEndpoints {
  std::string authority_host;  // "https://login.microsoftonline.com" (no trailing slash)
  std::string blob_endpoint;   // "https://acct.blob.core.windows.net" (no trailing slash)
  // OAuth scope for Blob data access (the storage resource id is the same in every cloud).
  std::string storage_scope = "https://storage.azure.com/.default";
};

Result<AzureEndpoints> ResolveAzureEndpoints(AzureCloud cloud, const std::string& storage_account,
                                             const AzureEndpointOverrides& overrides = {});

// The blob endpoint a connection string names: BlobEndpoint=, else
// DefaultEndpointsProtocol + AccountName + EndpointSuffix, else UseDevelopmentStorage.
// InvalidArgument on "blob_endpoint" when it names none.
Result<std::string> BlobEndpointFromConnectionString(const std::string& connection_string);

// Overrides from the environment, for operators running focusd against a sovereign cloud:
// AZURE_AUTHORITY_HOST and FOCUSD_AZURE_BLOB_ENDPOINT (URL or connection string).
AzureEndpointOverrides AzureEndpointOverridesFromEnv();

// True for http(s) URLs whose host is 127.0.0.1, ::1 or localhost.
bool IsLoopbackUrl(const std::string& url);

}  // namespace focusd
