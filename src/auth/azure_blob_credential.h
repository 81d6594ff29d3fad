// How a request to Azure Blob storage is authorized, one implementation per secret kind:
//   azure_storage_key        Shared Key signature (auth/azure_shared_key.h)
//   azure_sas                the SAS token's query parameters appended to the URL
//   azure_service_principal  "Authorization: Bearer" with an Entra ID token (auth/entra_token.h)
// The store describes a request (BlobRequest); the credential turns it into the HttpRequest
// to send, once per attempt, so retries get a fresh date and signature.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "auth/entra_token.h"
#include "core/secret_string.h"
#include "core/status.h"
#include "core/time.h"
#include "http/http_client.h"

namespace focusd {

struct BlobRequest {
  std::string method = "GET";
  // The blob endpoint without trailing slash: "https://acct.blob.core.windows.net" or, path
  // style, "http://127.0.0.1:10000/devstoreaccount1".
  std::string endpoint;
  std::string resource;  // percent-encoded path after the endpoint: "/container/dir/part_0.csv.gz"
  std::vector<std::pair<std::string, std::string>> query;    // decoded names and values
  std::vector<std::pair<std::string, std::string>> headers;  // x-ms-version, Range, If-Match, ...
  std::string ca_file;
};

class AzureBlobCredential {
 public:
  virtual ~AzureBlobCredential() = default;
  virtual Result<HttpRequest> Authorize(const BlobRequest& request) = 0;
  // "Shared Key", "SAS", "Service principal": for messages.
  virtual std::string Describe() const = 0;
  // For the service principal: gets (or refreshes) the token now, so "test connection" can
  // report the identity step on its own. Other kinds have nothing to check up front.
  virtual Status Prepare() { return Status::Ok(); }
  virtual bool IsServicePrincipal() const { return false; }
};

std::unique_ptr<AzureBlobCredential> MakeSharedKeyCredential(std::string account, SecretString account_key,
                                                             const TimeSource& clock = TimeSource::System());
std::unique_ptr<AzureBlobCredential> MakeSasCredential(SecretString sas_token,
                                                       const TimeSource& clock = TimeSource::System());
std::unique_ptr<AzureBlobCredential> MakeBearerCredential(std::shared_ptr<EntraTokenSource> tokens,
                                                          const TimeSource& clock = TimeSource::System());

struct AzureCredentialContext {
  std::string storage_account;
  std::string authority_host;  // for service principals
  std::string storage_scope = "https://storage.azure.com/.default";
  std::string ca_file;
  const TimeSource* clock = &TimeSource::System();
  RetryPolicy retry;
};

// From a secret as the catalog reveals it: kind plus its value object. Missing value fields
// are InvalidArgument naming the field.
Result<std::unique_ptr<AzureBlobCredential>> AzureBlobCredentialFromSecret(const std::string& kind,
                                                                           const nlohmann::json& value,
                                                                           const AzureCredentialContext& context);

// Replaces the value of every sig= parameter in `text` (a URL, a log line) with REDACTED.
std::string RedactSasSignature(const std::string& text);

// Percent-encodes a blob name for a URL path: RFC 3986 unreserved characters and '/' kept.
std::string EncodeBlobPath(const std::string& name);

}  // namespace focusd
