// Starts ClickHouse (Debian's 18.16 clickhouse-server) for tests on free loopback ports with
// its own data directory under ::testing::TempDir(), waits until GET /ping answers "Ok.",
// and stops it by PID. Two or more servers can form a cluster ("focus", one shard each) for
// Distributed tables: ports are picked first so every config lists every shard.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "warehouse/clickhouse_client.h"

namespace focusd::testing {

// The user tests connect as; "default" (no password, loopback only) is left for shard-to-shard
// queries of Distributed tables.
inline constexpr const char* kClickHouseTestUser = "focusd";
inline constexpr const char* kClickHouseTestPassword = "ch-test-Pa55word";

class ClickHouseServer {
 public:
  struct Ports {
    int http = 0, tcp = 0;
  };
  // `cluster` lists the TCP ports of every shard of the "focus" cluster (empty: no cluster).
  ClickHouseServer(Ports ports, const std::vector<int>& cluster);
  ClickHouseServer() : ClickHouseServer(PickPorts(), {}) {}
  ~ClickHouseServer();  // SIGTERM, then waits
  static Ports PickPorts();

  bool running() const { return pid_ > 0; }
  const std::string& url() const { return url_; }  // http://127.0.0.1:PORT
  ClickHouseEndpoint Endpoint(const std::string& database = "default") const;
  void Kill();  // SIGKILL, as a crash would

 private:
  pid_t pid_ = -1;
  std::string url_;
  std::string dir_;
};

// Two (or more) servers on loopback forming cluster "focus".
class ClickHouseCluster {
 public:
  explicit ClickHouseCluster(int shards = 2);
  bool running() const;
  std::vector<std::unique_ptr<ClickHouseServer>> servers;
};

}  // namespace focusd::testing
