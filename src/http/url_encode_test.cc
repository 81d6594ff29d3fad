#include "http/url_encode.h"

#include <gtest/gtest.h>

namespace focusd {
namespace {

TEST(UriEncodeTest, EncodesAllButUnreserved) {
  EXPECT_EQ(UriEncode("Prod AWS"), "Prod%20AWS");
  EXPECT_EQ(UriEncode("a+b=c/d~e_f.g-h"), "a%2Bb%3Dc%2Fd~e_f.g-h");
  EXPECT_EQ(UriEncode("a b/c", true), "a%20b/c");
  EXPECT_EQ(UriEncode("\xc3\xa9"), "%C3%A9");  // é as UTF-8 bytes
}

}  // namespace
}  // namespace focusd
