#include "db/duckdb.h"

#include <gtest/gtest.h>

namespace focusd {
namespace {

TEST(DuckDbTest, QueryWithParamsKeepsDecimalsExact) {
  auto db = DuckDatabase::Open(":memory:");
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto conn = (*db)->Connect();
  ASSERT_TRUE(conn.ok());
  auto& c = **conn;
  ASSERT_TRUE(c.Execute("CREATE TABLE t(name VARCHAR, cost DECIMAL(38,18))").ok());
  ASSERT_TRUE(c.Query("INSERT INTO t VALUES (?, ?::DECIMAL(38,18))",
                      {std::string("a'b"), std::string("0.000000000000000001")}).ok());
  ASSERT_TRUE(c.Query("INSERT INTO t VALUES (?, ?)", {nullptr, int64_t{2}}).ok());
  auto r = c.Query("SELECT name, cost FROM t ORDER BY cost");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->row_count(), 2u);
  EXPECT_EQ(r->Text(0, 0), "a'b");
  EXPECT_EQ(r->Text(0, 1), "0.000000000000000001");
  EXPECT_TRUE(r->IsNull(1, 0));
  EXPECT_EQ(*r->Get(1, "cost"), "2.000000000000000000");
}

TEST(DuckDbTest, ErrorsAndRollback) {
  auto db = DuckDatabase::Open("");
  auto conn = (*db)->Connect();
  auto& c = **conn;
  EXPECT_FALSE(c.Execute("SELEC 1").ok());
  ASSERT_TRUE(c.Execute("CREATE TABLE t(x INT)").ok());
  Status s = c.Transaction([&] {
    RETURN_IF_ERROR(c.Execute("INSERT INTO t VALUES (1)"));
    return Status::Internal("boom");
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(c.Query("SELECT count(*) FROM t")->Int(0, 0), 0);
}

TEST(DuckDbTest, ExtensionAutoloadIsOff) {
  auto db = DuckDatabase::Open("");
  auto conn = (*db)->Connect();
  auto r = (*conn)->Query("SELECT current_setting('autoload_known_extensions')");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Text(0, 0), "false");
}

}  // namespace
}  // namespace focusd
