// A decorator over any ObjectStore that makes chosen calls fail, for tests of what sits above
// a store (billing sources, the sync engine): "the next 2 Downloads fail with kUnavailable",
// "every List is denied". Calls that are not failed go to the wrapped store unchanged. In the
// spirit of Arrow's fault-injecting filesystems: generic, so every store gets the same tests.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "storage/object_store.h"

namespace focusd {

enum class StoreOp { kList, kStat, kDownload };

class FaultInjectingStore : public ObjectStore {
 public:
  explicit FaultInjectingStore(std::shared_ptr<ObjectStore> inner) : inner_(std::move(inner)) {}

  // The next `times` calls of `op` return `status` (times < 0: every call from now on).
  void FailNext(StoreOp op, Status status, int times = 1);
  // Runs before every call (e.g. to count calls or to let a test change the store underneath).
  void OnCall(std::function<void(StoreOp, const std::string& key)> hook);
  int calls(StoreOp op) const;

  Result<std::vector<ObjectInfo>> List(const std::string& prefix) override;
  Result<ObjectInfo> Stat(const std::string& key) override;
  Status Download(const ObjectInfo& object, const std::string& local_path) override;
  std::string Describe() const override { return inner_->Describe(); }

 private:
  // The injected failure for this call, if any.
  Status Intercept(StoreOp op, const std::string& key);

  std::shared_ptr<ObjectStore> inner_;
  mutable std::mutex mu_;
  struct Fault {
    Status status;
    int remaining = 0;
  };
  std::map<StoreOp, Fault> faults_;
  std::map<StoreOp, int> calls_;
  std::function<void(StoreOp, const std::string&)> hook_;
};

}  // namespace focusd
