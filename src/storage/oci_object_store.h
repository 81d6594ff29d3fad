// OCI Object Storage's native REST API behind the ObjectStore interface:
//   ListObjects  GET  {endpoint}/n/{namespace}/b/{bucket}/o?prefix=&start=&limit=&fields=...
//                (pages joined through nextStartWith)
//   HeadObject   HEAD {endpoint}/n/{namespace}/b/{bucket}/o/{object}
//   GetObject    GET  ... with Range (resume) and if-match (the object must not change mid-way)
// Every request is signed with the API key (auth/oci_signer.h), re-signed on each retry, and
// retried with backoff on 429, 5xx and broken connections.
//
// Errors carry OCI's error code and message ({"code":"NotAuthenticated","message":...}), with
// the StatusCode mapped from the HTTP status: 401 kUnauthenticated, 403 kPermissionDenied,
// 404 kNotFound, 412 kFailedPrecondition, other failures kUnavailable.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "auth/oci_signer.h"
#include "core/time.h"
#include "http/retry_policy.h"
#include "storage/object_store.h"

namespace focusd {

// Endpoint override for tests and private endpoints: when set (e.g. "http://127.0.0.1:9000"),
// OCI connectors talk to it instead of the region's Object Storage endpoint.
inline constexpr const char* kOciObjectStorageEndpointEnv = "OCI_OBJECT_STORAGE_ENDPOINT";

// "https://objectstorage.<region>.<realm domain>": oraclecloud.com for the commercial realm,
// the government and sovereign realms' domains for their regions. kInvalidArgument (field
// "region") for something that is not a region identifier such as "us-ashburn-1".
Result<std::string> OciObjectStorageEndpoint(const std::string& region);

struct OciObjectStoreOptions {
  std::string endpoint;        // no trailing slash
  std::string namespace_name;  // "bling" for the cost and usage reports
  std::string bucket;          // the tenancy OCID for the cost and usage reports
  std::shared_ptr<const OciRequestSigner> signer;
  RetryPolicy retry;
  const TimeSource* clock = &TimeSource::System();  // the signed Date header's time
  int page_size = 1000;
};

// One ListObjects page.
struct OciObjectPage {
  std::vector<ObjectInfo> objects;
  std::string next_start_with;  // empty on the last page
};

class OciObjectStore : public ObjectStore {
 public:
  explicit OciObjectStore(OciObjectStoreOptions options);

  Result<std::vector<ObjectInfo>> List(const std::string& prefix) override;
  Result<ObjectInfo> Stat(const std::string& key) override;
  Status Download(const ObjectInfo& object, const std::string& local_path) override;
  // "{endpoint}/n/{namespace}/b/{bucket}", for messages
  std::string Describe() const override;

  // One page of objects under `prefix` from `start` (inclusive, "" for the first page).
  Result<OciObjectPage> ListPage(const std::string& prefix, const std::string& start, int limit);

 private:
  std::string BucketUrl() const;
  std::string ObjectUrl(const std::string& key) const;
  Result<HttpRequest> Signed(HttpRequest req) const;
  Result<HttpResponse> SendSigned(const HttpRequest& req);

  OciObjectStoreOptions options_;
};

// OCI's error document (or the status alone) as a Status whose message names `what`.
Status OciErrorStatus(const HttpResponse& response, const std::string& what);

}  // namespace focusd
