#include "warehouse/clickhouse_client.h"

#include <gtest/gtest.h>

#include <fstream>

#include "warehouse/warehouse_backend.h"

namespace focusd {
namespace {

TEST(ClickHouseTextTest, EscapingRoundTripsEveryAwkwardCharacter) {
  const std::string s = std::string("a\tb\nc\rd\\e'f\\N") + '\0' + "g";
  EXPECT_EQ(TsvEscape(s), "a\\tb\\nc\\rd\\\\e\\'f\\\\N\\0g");
  EXPECT_EQ(TsvUnescape(TsvEscape(s)), s);
  EXPECT_EQ(ClickHouseQuote("it's \\"), "'it\\'s \\\\'");
  EXPECT_EQ(ClickHouseIdent("we`ird"), "`we\\`ird`");
}

TEST(ClickHouseTextTest, ParsesTabSeparatedWithNulls) {
  auto rows = ParseTsv("a\t\\N\tx\\ty\n\t1\t\\\\N\n");
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_EQ(rows[0].size(), 3u);
  EXPECT_EQ(*rows[0][0], "a");
  EXPECT_FALSE(rows[0][1].has_value());
  EXPECT_EQ(*rows[0][2], "x\ty");
  EXPECT_EQ(*rows[1][0], "");
  EXPECT_EQ(*rows[1][2], "\\N");  // an escaped backslash then N is text, not NULL
}

TEST(WarehouseConfigTest, DuckDbIsTheDefault) {
  Config c;
  auto b = WarehouseBackendFromConfig(c, {});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ((*b)->name(), "duckdb");
}

TEST(WarehouseConfigTest, ClickHouseSettingsAreCheckedAndThePasswordIsNoSetting) {
  Config c;
  ASSERT_TRUE(c.Set("warehouse", "clickhouse").ok());
  auto missing = WarehouseBackendFromConfig(c, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().field(), "clickhouse_url");
  EXPECT_FALSE(c.Set("clickhouse_url", "http://user:pw@host:8123").ok());  // no credentials in URLs
  EXPECT_FALSE(c.Set("clickhouse_url", "host:8123").ok());
  ASSERT_TRUE(c.Set("clickhouse_url", "http://127.0.0.1:8123").ok());
  EXPECT_FALSE(c.Set("clickhouse_password", "x").ok());  // unknown key: only env or file
  ASSERT_TRUE(c.Set("clickhouse_cluster", "focus").ok());
  auto no_shards = WarehouseBackendFromConfig(c, {});
  ASSERT_FALSE(no_shards.ok());
  EXPECT_EQ(no_shards.status().field(), "clickhouse_shards");
  ASSERT_TRUE(c.Set("clickhouse_shards", "http://127.0.0.1:8123, http://127.0.0.2:8123").ok());
  auto ok = WarehouseBackendFromConfig(c, {{"FOCUSD_CLICKHOUSE_PASSWORD", "pw"}});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)->name(), "clickhouse cluster focus");

  ASSERT_TRUE(c.Set("clickhouse_password_file", "/nonexistent/pw").ok());
  auto unreadable = WarehouseBackendFromConfig(c, {});
  ASSERT_FALSE(unreadable.ok());
  EXPECT_EQ(unreadable.status().code(), StatusCode::kNotFound);

  Config env;
  ASSERT_TRUE(ApplyEnvironment({{"FOCUSD_WAREHOUSE", "clickhouse"}, {"FOCUSD_CLICKHOUSE_URL", "http://h:8123"},
                                {"FOCUSD_CLICKHOUSE_DATABASE", "costs"}},
                               &env).ok());
  EXPECT_EQ(env.clickhouse_url, "http://h:8123");
  EXPECT_EQ(env.clickhouse_database, "costs");
}

}  // namespace
}  // namespace focusd
