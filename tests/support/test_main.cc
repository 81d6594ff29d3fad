// The test binary's main: every test process gets a temporary directory of its own.
//
// ctest runs each test as its own process, several at once. Tests that write under
// ::testing::TempDir() with a fixed name (a download target, a staging folder) would
// otherwise share one path with whichever test runs beside them and read each other's
// half-written files. GoogleTest takes TempDir() from TEST_TMPDIR, so pointing that at a
// fresh directory per process makes every fixed name private, without each test having
// to invent a unique one. The directory is removed at exit unless a test failed
// (its files are then kept for the post-mortem and the path is printed).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

int main(int argc, char** argv) {
  const char* base = std::getenv("TEST_TMPDIR");
  if (base == nullptr || *base == '\0') base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/focusd-test-XXXXXX";
  char* dir = ::mkdtemp(pattern.data());
  if (dir == nullptr) {
    std::perror("focusd_tests: cannot create a temporary directory");
    return 2;
  }
  ::setenv("TEST_TMPDIR", dir, 1);
  ::testing::InitGoogleMock(&argc, argv);
  int rc = RUN_ALL_TESTS();
  if (rc == 0) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  } else {
    std::fprintf(stderr, "focusd_tests: kept the temporary files in %s\n", dir);
  }
  return rc;
}
