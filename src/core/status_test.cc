#include "core/status.h"

#include <gtest/gtest.h>

namespace focusd {
namespace {

Result<int> Half(int x) {
  if (x % 2) return Status::InvalidArgument("odd number", "x");
  return x / 2;
}

Result<int> Quarter(int x) {
  ASSIGN_OR_RETURN(int h, Half(x));
  return Half(h);
}

TEST(StatusTest, CarriesCodeMessageAndField) {
  Status s = Status::InvalidArgument("must be 12 digits", "account_id");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.field(), "account_id");
  EXPECT_EQ(s.ToString(), "invalid_argument [account_id]: must be 12 digits");
  EXPECT_EQ(s.WithContext("connector").message(), "connector: must be 12 digits");
}

TEST(StatusTest, ResultPropagatesFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);  // 6 -> 3 -> odd
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "odd number");
}

}  // namespace
}  // namespace focusd
