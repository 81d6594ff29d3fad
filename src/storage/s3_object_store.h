// Amazon S3 (and S3-compatible stores) as an ObjectStore: SigV4-signed ListObjectsV2, HEAD and
// GET, with the bucket's region discovered by HEAD bucket (x-amz-bucket-region, also on a 301),
// virtual-hosted addressing on AWS and path style on a custom endpoint (AWS_ENDPOINT_URL_S3),
// retries with backoff on 500/503 SlowDown and throttling, fresh credentials after an
// ExpiredToken, and downloads that resume with Range and are pinned to the listed ETag.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "auth/aws_credentials.h"
#include "auth/aws_endpoints.h"
#include "core/time.h"
#include "http/http_client.h"
#include "http/retry_policy.h"
#include "storage/object_store.h"

namespace focusd {

struct S3StoreOptions {
  std::string bucket;
  std::string region;  // a first guess (may be empty); the bucket's real region wins
  EnvLookup env = ProcessEnvLookup();
  const TimeSource* clock = &TimeSource::System();
  RetryPolicy retry;
  int max_keys = 0;  // ListObjectsV2 page size; 0: S3's default (1000). Tests use small pages.
};

class S3ObjectStore : public ObjectStore {
 public:
  S3ObjectStore(S3StoreOptions options, std::shared_ptr<AwsCredentialsProvider> credentials);

  Result<std::vector<ObjectInfo>> List(const std::string& prefix) override;
  Result<ObjectInfo> Stat(const std::string& key) override;
  Status Download(const ObjectInfo& object, const std::string& local_path) override;
  std::string Describe() const override { return "s3://" + options_.bucket; }

  // HEAD bucket: learns the bucket's region and whether it exists and is reachable.
  Status CheckBucket();
  std::string region();

 private:
  struct Target {
    std::string endpoint;  // scheme://host[:port]
    std::string path;      // unencoded
  };
  Target TargetFor(const std::string& key);
  Status EnsureRegion();
  // Signs and sends one S3 call with retries; follows a region redirect and renews expired
  // credentials once each.
  Result<HttpResponse> Call(const std::string& method, const std::string& key,
                            const std::vector<std::pair<std::string, std::string>>& query);
  Status ErrorStatus(const HttpResponse& resp, const std::string& what) const;

  S3StoreOptions options_;
  std::shared_ptr<AwsCredentialsProvider> credentials_;
  AwsEndpoint endpoint_;
  std::mutex mu_;
  std::string region_;
  bool region_known_ = false;
};

}  // namespace focusd
