#include "core/config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace focusd {
namespace {

TEST(ConfigTest, FileThenEnvironmentOverride) {
  std::string path = ::testing::TempDir() + "/focusd.conf";
  std::ofstream(path) << "# comment\nlisten = 0.0.0.0:9000\ndata_dir = \"/srv/focusd\"\n";
  Config c;
  ASSERT_TRUE(LoadConfigFile(path, &c).ok());
  EXPECT_EQ(c.listen, "0.0.0.0:9000");
  EXPECT_EQ(c.data_dir, "/srv/focusd");
  ASSERT_TRUE(ApplyEnvironment({{"FOCUSD_LISTEN", "127.0.0.1:1"}, {"HOME", "/x"}}, &c).ok());
  EXPECT_EQ(c.listen, "127.0.0.1:1");
}

TEST(ConfigTest, ErrorsNameTheLineAndKey) {
  std::string path = ::testing::TempDir() + "/bad.conf";
  std::ofstream(path) << "listen = 127.0.0.1:1\nlog_level = loud\n";
  Config c;
  Status s = LoadConfigFile(path, &c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("bad.conf:2"), std::string::npos) << s.message();
  EXPECT_EQ(s.field(), "log_level");
  EXPECT_EQ(c.Set("colour", "blue").field(), "colour");
  EXPECT_EQ(c.Set("backfill_months", "37").field(), "backfill_months");
  EXPECT_EQ(c.Set("sync_hour_utc", "2am").field(), "sync_hour_utc");
  EXPECT_TRUE(c.Set("backfill_months", "36").ok());
  EXPECT_EQ(c.backfill_months, 36);
}

}  // namespace
}  // namespace focusd

namespace focusd {
namespace {

TEST(ConfigTest, MemoryLimitIsASize) {
  Config c;
  EXPECT_EQ(c.memory_limit, "2GB");
  EXPECT_TRUE(c.Set("memory_limit", "512MB").ok());
  EXPECT_EQ(c.memory_limit, "512MB");
  Status bad = c.Set("memory_limit", "lots");
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("expected a size such as 2GB"), std::string::npos);
  EXPECT_EQ(c.memory_limit, "512MB");
  EXPECT_TRUE(ApplyEnvironment({{"FOCUSD_MEMORY_LIMIT", "1.5GB"}}, &c).ok());
  EXPECT_EQ(c.memory_limit, "1.5GB");
}

}  // namespace
}  // namespace focusd
