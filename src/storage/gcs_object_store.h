// Google Cloud Storage through its JSON API: objects.list (prefix, pageToken), objects.get
// (metadata, and alt=media streamed to disk, resumed by Range), objects.delete and a media
// upload (used by "test connection" to prove the bucket is writable).
#pragma once

#include <memory>
#include <string>

#include "auth/google_service_account.h"
#include "http/retry_policy.h"
#include "storage/object_store.h"

namespace focusd {

struct GcsOptions {
  // "https://storage.googleapis.com", or an emulator / test server ("http://127.0.0.1:9023").
  std::string endpoint = "https://storage.googleapis.com";
  int page_size = 1000;  // maxResults per objects.list page
  RetryPolicy retry;
};

// The endpoint from STORAGE_EMULATOR_HOST when set, as Google's client libraries read it
// ("host:port" means http://host:port); otherwise the public endpoint.
std::string GcsEndpointFromEnvironment();

class GcsObjectStore : public ObjectStore {
 public:
  GcsObjectStore(std::string bucket, std::shared_ptr<GoogleTokenSource> tokens, GcsOptions options = {});

  Result<std::vector<ObjectInfo>> List(const std::string& prefix) override;
  Result<ObjectInfo> Stat(const std::string& key) override;
  Status Download(const ObjectInfo& object, const std::string& local_path) override;
  std::string Describe() const override { return "gs://" + bucket_; }

  // Deletes one object; an object already gone is not an error.
  Status Delete(const std::string& key);
  // Uploads `body` as `key` (uploadType=media), replacing any object of that name.
  Status Put(const std::string& key, const std::string& body, const std::string& content_type);

 private:
  std::string ObjectUrl(const std::string& key) const;
  std::string bucket_;
  std::shared_ptr<GoogleTokenSource> tokens_;
  GcsOptions options_;
};

}  // namespace focusd
