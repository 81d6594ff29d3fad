// An ObjectStore over a local directory: keys are paths relative to the root ("a/b.parquet").
// Used for the demo exports `make run` syncs, and wherever a provider's layout code should run
// on files that are already on disk.
#pragma once

#include "storage/object_store.h"

namespace focusd {

class LocalDirectoryStore : public ObjectStore {
 public:
  explicit LocalDirectoryStore(std::string root) : root_(std::move(root)) {}
  Result<std::vector<ObjectInfo>> List(const std::string& prefix) override;
  Result<ObjectInfo> Stat(const std::string& key) override;
  Status Download(const ObjectInfo& object, const std::string& local_path) override;
  std::string Describe() const override { return "file://" + root_; }

 private:
  std::string root_;
};

}  // namespace focusd
