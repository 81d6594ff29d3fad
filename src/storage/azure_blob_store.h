// ObjectStore over the Azure Blob REST API (one container), with a pinned x-ms-version:
// List Blobs with prefix and marker pagination, Get Blob Properties (HEAD) and Get Blob
// streamed to disk with Range resume and an If-Match on the listed ETag. 429/500/503 (and
// other 5xx, transport failures) are retried with backoff by SendWithRetry. Error messages
// name the container and blob and carry the service's error code, never a signature.
#pragma once

#include <memory>
#include <string>

#include "auth/azure_blob_credential.h"
#include "http/retry_policy.h"
#include "storage/object_store.h"

namespace focusd {

// Blob REST version every request sends (x-ms-version).
inline constexpr const char* kAzureBlobApiVersion = "2023-11-03";

struct AzureBlobStoreOptions {
  std::string endpoint;   // blob endpoint without trailing slash (see azure_cloud.h)
  std::string container;
  std::string ca_file;    // extra CA bundle (tests with a self-signed emulator)
  RetryPolicy retry;
  int max_results = 5000;  // page size of List Blobs (tests use small pages)
};

class AzureBlobStore : public ObjectStore {
 public:
  AzureBlobStore(AzureBlobStoreOptions options, std::shared_ptr<AzureBlobCredential> credential);

  Result<std::vector<ObjectInfo>> List(const std::string& prefix) override;
  Result<ObjectInfo> Stat(const std::string& key) override;
  Status Download(const ObjectInfo& object, const std::string& local_path) override;
  std::string Describe() const override;

  // Reads a small blob (a manifest) into memory.
  Result<std::string> ReadAll(const std::string& key);

  AzureBlobCredential& credential() { return *credential_; }

 private:
  Result<HttpResponse> Send(BlobRequest request);
  BlobRequest NewRequest(const std::string& method, const std::string& key) const;

  AzureBlobStoreOptions options_;
  std::shared_ptr<AzureBlobCredential> credential_;
};

// The error code Azure Storage gave (x-ms-error-code header or <Code> of the error body),
// or "" when there is none.
std::string AzureStorageErrorCode(const HttpResponse& response);

// A non-2xx answer as a Status: 401/403 are kPermissionDenied (kUnauthenticated for
// AuthenticationFailed), 404 kNotFound, 412 kFailedPrecondition, 5xx/429 kUnavailable.
// The message reads "<what>: HTTP <status> <ErrorCode>: <first line of the service message>".
Status AzureStorageError(const HttpResponse& response, const std::string& what);

// True when `status` came from AzureStorageError with this service error code.
bool HasAzureErrorCode(const Status& status, const std::string& code);

}  // namespace focusd
