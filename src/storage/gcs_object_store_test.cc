#include "storage/gcs_object_store.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "support/gcp_fake_cloud.h"

namespace focusd {
namespace {

using testing::GcpFakeCloud;

RetryPolicy NoSleep() {
  RetryPolicy p;
  p.sleep = [](std::chrono::milliseconds) {};
  return p;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class GcsObjectStoreTest : public ::testing::Test {
 protected:
  GcsObjectStoreTest() {
    cloud.storage.CreateBucket("exports");
    tokens = std::make_shared<GoogleTokenSource>(ServiceAccountKey::Parse(cloud.KeyJson()).value(),
                                                 std::vector<std::string>{kStorageReadWriteScope},
                                                 TimeSource::System(), NoSleep());
  }
  GcsObjectStore Store(const std::string& bucket = "exports", int page_size = 1000) {
    GcsOptions o;
    o.endpoint = cloud.storage.endpoint();
    o.page_size = page_size;
    o.retry = NoSleep();
    return GcsObjectStore(bucket, tokens, o);
  }
  GcpFakeCloud cloud;
  std::shared_ptr<GoogleTokenSource> tokens;
};

TEST_F(GcsObjectStoreTest, ListsEveryPageOfAPrefixInKeyOrder) {
  for (int i = 4; i >= 0; --i)
    cloud.storage.PutObject("exports", "focusd/c1/2026-01/run/00000000000" + std::to_string(i) + ".parquet",
                            std::string(10 + i, 'x'));
  cloud.storage.PutObject("exports", "focusd/c1/2026-02/run/000000000000.parquet", "other period");
  auto store = Store("exports", /*page_size=*/2);
  auto list = store.List("focusd/c1/2026-01/");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ((*list)[i].key, "focusd/c1/2026-01/run/00000000000" + std::to_string(i) + ".parquet");
    EXPECT_EQ((*list)[i].size, 10 + i);
    EXPECT_FALSE((*list)[i].etag.empty());
  }
  EXPECT_EQ(cloud.storage.list_pages_served(), 3);
  EXPECT_TRUE(store.List("nothing/here/")->empty());
  EXPECT_EQ(store.Describe(), "gs://exports");
}

TEST_F(GcsObjectStoreTest, StatsAndDownloadsAnObjectWithSlashesInItsName) {
  cloud.storage.PutObject("exports", "a dir/b+c/file.parquet", "PAR1 data PAR1");
  auto store = Store();
  auto info = store.Stat("a dir/b+c/file.parquet");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->size, 14);
  std::string path = ::testing::TempDir() + "/gcs-download.bin";
  ASSERT_TRUE(store.Download(*info, path).ok());
  EXPECT_EQ(ReadFile(path), "PAR1 data PAR1");
}

TEST_F(GcsObjectStoreTest, ResumesABrokenDownloadWithARange) {
  std::string body;
  for (int i = 0; i < 300000; ++i) body.push_back(static_cast<char>('a' + i % 26));
  cloud.storage.PutObject("exports", "big.parquet", body);
  cloud.storage.BreakNextDownload("big.parquet");
  auto store = Store();
  std::string path = ::testing::TempDir() + "/gcs-resumed.bin";
  Status st = store.Download(store.Stat("big.parquet").value(), path);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(ReadFile(path), body);
  ASSERT_EQ(cloud.storage.ranges_seen().size(), 1u);
  EXPECT_EQ(cloud.storage.ranges_seen()[0], "bytes=" + std::to_string(body.size() / 2) + "-");
}

TEST_F(GcsObjectStoreTest, MissingObjectsAndBucketsAreNotFound) {
  auto store = Store();
  auto st = store.Stat("no/such.parquet");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().code(), StatusCode::kNotFound);
  EXPECT_NE(st.status().message().find("gs://exports/no/such.parquet"), std::string::npos);
  ObjectInfo ghost;
  ghost.key = "no/such.parquet";
  ghost.size = 3;
  Status dl = store.Download(ghost, ::testing::TempDir() + "/ghost.bin");
  EXPECT_EQ(dl.code(), StatusCode::kNotFound);
  auto other = Store("no-bucket").List("");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), StatusCode::kNotFound);
  EXPECT_NE(other.status().message().find("bucket does not exist"), std::string::npos);
}

TEST_F(GcsObjectStoreTest, PutsAndDeletes) {
  auto store = Store();
  ASSERT_TRUE(store.Put("focusd/probe", "hello", "text/plain").ok());
  EXPECT_EQ(cloud.storage.GetObject("exports", "focusd/probe").value(), "hello");
  ASSERT_TRUE(store.Delete("focusd/probe").ok());
  EXPECT_FALSE(cloud.storage.GetObject("exports", "focusd/probe").has_value());
  EXPECT_TRUE(store.Delete("focusd/probe").ok());  // already gone
}

TEST_F(GcsObjectStoreTest, AReadOnlyBucketRefusesWrites) {
  cloud.storage.CreateBucket("readonly", /*writable=*/false);
  Status st = Store("readonly").Put("focusd/probe", "x", "text/plain");
  EXPECT_EQ(st.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(st.message().find("storage.objects.create"), std::string::npos);
}

TEST_F(GcsObjectStoreTest, AnExpiredTokenIsReplaced) {
  cloud.storage.PutObject("exports", "x.parquet", "data");
  auto store = Store();
  ASSERT_TRUE(store.Stat("x.parquet").ok());
  cloud.token.ExpireAllTokens();
  auto again = store.Stat("x.parquet");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(cloud.token.tokens_issued(), 2);
}

TEST_F(GcsObjectStoreTest, ATokenWithoutTheStorageScopeIsForbidden) {
  auto bq_only = std::make_shared<GoogleTokenSource>(ServiceAccountKey::Parse(cloud.KeyJson()).value(),
                                                     std::vector<std::string>{kBigQueryScope},
                                                     TimeSource::System(), NoSleep());
  GcsOptions o;
  o.endpoint = cloud.storage.endpoint();
  o.retry = NoSleep();
  auto r = GcsObjectStore("exports", bq_only, o).List("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
}

TEST(GcsEndpointTest, ReadsStorageEmulatorHostLikeGoogleClients) {
  unsetenv("STORAGE_EMULATOR_HOST");
  EXPECT_EQ(GcsEndpointFromEnvironment(), "https://storage.googleapis.com");
  setenv("STORAGE_EMULATOR_HOST", "localhost:9023", 1);
  EXPECT_EQ(GcsEndpointFromEnvironment(), "http://localhost:9023");
  setenv("STORAGE_EMULATOR_HOST", "https://gcs.internal:8443/", 1);
  EXPECT_EQ(GcsEndpointFromEnvironment(), "https://gcs.internal:8443");
  unsetenv("STORAGE_EMULATOR_HOST");
}

}  // namespace
}  // namespace focusd
