#include "storage/fault_injecting_store.h"

#include <gtest/gtest.h>

namespace focusd {
namespace {

class MemoryStore : public ObjectStore {
 public:
  Result<std::vector<ObjectInfo>> List(const std::string&) override { return std::vector<ObjectInfo>{{"a", 1}}; }
  Result<ObjectInfo> Stat(const std::string& key) override { return ObjectInfo{key, 1}; }
  Status Download(const ObjectInfo&, const std::string&) override { return Status::Ok(); }
  std::string Describe() const override { return "mem://"; }
};

TEST(FaultInjectingStoreTest, FailsTheChosenCallsThenPassesThrough) {
  FaultInjectingStore store(std::make_shared<MemoryStore>());
  store.FailNext(StoreOp::kDownload, Status::Unavailable("injected"), 2);
  EXPECT_EQ(store.Download({"a", 1}, "/tmp/x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(store.Download({"a", 1}, "/tmp/x").code(), StatusCode::kUnavailable);
  EXPECT_TRUE(store.Download({"a", 1}, "/tmp/x").ok());
  EXPECT_TRUE(store.List("").ok());  // other operations are untouched
  store.FailNext(StoreOp::kList, Status::PermissionDenied("denied"), -1);
  EXPECT_EQ(store.List("").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(store.List("").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(store.calls(StoreOp::kDownload), 3);
  EXPECT_EQ(store.calls(StoreOp::kList), 3);
  EXPECT_EQ(store.Describe(), "mem://");
}

}  // namespace
}  // namespace focusd
