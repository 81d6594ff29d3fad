// One narrow interface over every place a provider's FOCUS files live (S3, Azure Blob, GCS,
// OCI Object Storage): list a prefix, stat an object, download it to a local file. One small
// implementation per store (s3_object_store.cc, azure_blob_store.cc, ...), and decorators
// (fault injection for tests) wrap any of them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace focusd {

struct ObjectInfo {
  std::string key;            // full key / blob name within the bucket or container
  int64_t size = 0;
  std::string etag;           // as the store reports it (quotes stripped)
  std::string last_modified;  // ISO 8601 UTC
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // Every object under `prefix`, all pages, in key order.
  virtual Result<std::vector<ObjectInfo>> List(const std::string& prefix) = 0;
  virtual Result<ObjectInfo> Stat(const std::string& key) = 0;
  // Downloads `object` to `local_path`, resuming with Range requests after a broken
  // connection, and checks the final size (and ETag where the store allows) against `object`.
  virtual Status Download(const ObjectInfo& object, const std::string& local_path) = 0;
  // "s3://bucket", "https://account.blob.core.windows.net/container": for messages.
  virtual std::string Describe() const = 0;
};

}  // namespace focusd
