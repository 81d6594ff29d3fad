#include "storage/fault_injecting_store.h"

namespace focusd {

void FaultInjectingStore::FailNext(StoreOp op, Status status, int times) {
  std::lock_guard<std::mutex> lock(mu_);
  faults_[op] = Fault{std::move(status), times};
}

void FaultInjectingStore::OnCall(std::function<void(StoreOp, const std::string&)> hook) {
  std::lock_guard<std::mutex> lock(mu_);
  hook_ = std::move(hook);
}

int FaultInjectingStore::calls(StoreOp op) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = calls_.find(op);
  return it == calls_.end() ? 0 : it->second;
}

Status FaultInjectingStore::Intercept(StoreOp op, const std::string& key) {
  std::function<void(StoreOp, const std::string&)> hook;
  Status injected;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_[op];
    hook = hook_;
    auto it = faults_.find(op);
    if (it != faults_.end() && it->second.remaining != 0) {
      injected = it->second.status;
      if (it->second.remaining > 0) --it->second.remaining;
    }
  }
  if (hook) hook(op, key);
  return injected;
}

Result<std::vector<ObjectInfo>> FaultInjectingStore::List(const std::string& prefix) {
  RETURN_IF_ERROR(Intercept(StoreOp::kList, prefix));
  return inner_->List(prefix);
}

Result<ObjectInfo> FaultInjectingStore::Stat(const std::string& key) {
  RETURN_IF_ERROR(Intercept(StoreOp::kStat, key));
  return inner_->Stat(key);
}

Status FaultInjectingStore::Download(const ObjectInfo& object, const std::string& local_path) {
  RETURN_IF_ERROR(Intercept(StoreOp::kDownload, object.key));
  return inner_->Download(object, local_path);
}

}  // namespace focusd
