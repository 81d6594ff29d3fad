// Loads the same N normalized FOCUS rows into DuckDB, a single ClickHouse node and two
// ClickHouse shards (Distributed), then runs the cost queries of the billing views on each:
// load seconds, query p50/p95, and ratios to DuckDB. ClickHouse (Debian's clickhouse-server)
// is started by the bench on loopback ports in --dir and stopped at the end.
//
//   build/bench/clickhouse_bench [--rows N] [--iterations K] [--dir DIR]
// Default 1M rows; --rows 10000000 for the 10M (needs ~20 GB of disk and time).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "db/duckdb.h"
#include "focus/normalizer.h"
#include "focus/staging.h"
#include "bench_options.h"
#include "focus_bench_data.h"
#include "http/http_client.h"
#include "warehouse/duckdb_warehouse.h"
#include "warehouse/warehouse_backend.h"

namespace focusd {
namespace {

int Fail(const Status& s) { return BenchFail("clickhouse_bench", s); }

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

struct Server {
  pid_t pid = -1;
  std::string url;
};

// A clickhouse-server with its own directory; `cluster` lists every shard's TCP port.
Result<Server> StartClickHouse(const std::string& dir, int http, int tcp, const std::vector<int>& cluster) {
  std::filesystem::create_directories(dir);
  std::string shards;
  for (int p : cluster)
    shards += "<shard><replica><host>127.0.0.1</host><port>" + std::to_string(p) + "</port></replica></shard>";
  std::ofstream(dir + "/config.xml")
      << "<?xml version=\"1.0\"?><yandex><logger><level>warning</level><log>" << dir << "/server.log</log><errorlog>"
      << dir << "/error.log</errorlog><console>false</console></logger><http_port>" << http
      << "</http_port><tcp_port>" << tcp << "</tcp_port><listen_host>127.0.0.1</listen_host><path>" << dir
      << "/data/</path><tmp_path>" << dir << "/tmp/</tmp_path><user_files_path>" << dir
      << "/user_files/</user_files_path><timezone>UTC</timezone><mark_cache_size>268435456</mark_cache_size>"
      << "<users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile>"
      << "<quota>default</quota></default></users><profiles><default></default></profiles><quotas><default>"
      << "</default></quotas>"
      << (cluster.empty() ? "" : "<remote_servers><focus>" + shards + "</focus></remote_servers>") << "</yandex>";
  Server s;
  s.pid = fork();
  if (s.pid == 0) {
    int log = open((dir + "/stdout.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log >= 0) {
      dup2(log, 1);
      dup2(log, 2);
    }
    std::string arg = "--config-file=" + dir + "/config.xml";
    execlp("clickhouse-server", "clickhouse-server", arg.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  s.url = "http://127.0.0.1:" + std::to_string(http);
  for (int i = 0; i < 1200; ++i) {
    HttpRequest req;
    req.url = s.url + "/ping";
    req.connect_timeout = std::chrono::milliseconds(200);
    auto r = HttpClient::Send(req);
    if (r.ok() && r->status == 200) return s;
    if (waitpid(s.pid, nullptr, WNOHANG) == s.pid) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(s.pid, SIGKILL);
  waitpid(s.pid, nullptr, 0);
  return Status::Unavailable("clickhouse-server did not start; see " + dir);
}

void Stop(const Server& s) {
  if (s.pid <= 0) return;
  kill(s.pid, SIGTERM);
  waitpid(s.pid, nullptr, 0);
}

struct Measured {
  double load_s = 0;
  std::vector<std::pair<double, double>> p50_p95;  // per query, ms
};

int Main(int argc, char** argv) {
  const BenchOptions options = StartBench(argc, argv, "focusd-clickhouse-bench");
  const int64_t rows = options.rows;
  const int iterations = options.iterations;
  const std::string dir = options.dir;

  // The rows, normalized once by the FOCUS engine and materialized, so every backend loads
  // exactly the same canonical table.
  auto t0 = std::chrono::steady_clock::now();
  auto bench = OpenBenchDatabase(dir, rows);
  if (!bench.ok()) return Fail(bench.status());
  DuckConnection& c = *bench->conn;
  const std::string& parquet = bench->parquet;
  auto staged = StageFiles(c, {parquet}, "bench_stage");
  if (!staged.ok()) return Fail(staged.status());
  auto norm = Normalize(c, *staged, "bench_view");
  if (!norm.ok()) return Fail(norm.status());
  if (Status s = c.Execute("CREATE TABLE bench_rows AS SELECT * FROM bench_view"); !s.ok()) return Fail(s);
  std::printf("generated and normalized %lld rows in %.1f s\n", static_cast<long long>(rows),
              Ms(std::chrono::steady_clock::now() - t0).count() / 1000);

  // ClickHouse: one single node, and two shards of cluster "focus".
  int h1 = FreePort(), t1 = FreePort(), h2 = FreePort(), t2 = FreePort(), h3 = FreePort(), t3 = FreePort();
  auto single = StartClickHouse(dir + "/ch-single", h1, t1, {});
  if (!single.ok()) return Fail(single.status());
  auto shard1 = StartClickHouse(dir + "/ch-shard1", h2, t2, {t2, t3});
  auto shard2 = shard1.ok() ? StartClickHouse(dir + "/ch-shard2", h3, t3, {t2, t3}) : Result<Server>(shard1.status());
  auto stop_all = [&] {
    Stop(*single);
    if (shard1.ok()) Stop(*shard1);
    if (shard2.ok()) Stop(*shard2);
  };
  if (!shard2.ok()) {
    stop_all();
    return Fail(shard2.status());
  }

  ClickHouseSettings one;
  one.endpoint.url = single->url;
  one.endpoint.database = "focusd";
  ClickHouseSettings two;
  two.endpoint.url = shard1->url;
  two.endpoint.database = "focusd";
  two.cluster = "focus";
  two.shard_urls = {shard1->url, shard2->url};
  const std::vector<std::pair<std::string, std::shared_ptr<WarehouseBackend>>> backends = {
      {"duckdb", DuckDbBackend()}, {"clickhouse 1 node", ClickHouseBackend(one)},
      {"clickhouse 2 shards", ClickHouseBackend(two)}};

  auto range = c.Query("SELECT min(ChargePeriodStart)::DATE, (min(ChargePeriodStart) + INTERVAL 30 DAY)::DATE FROM bench_rows");
  if (!range.ok()) return Fail(range.status());
  const std::vector<std::pair<std::string, std::multimap<std::string, std::string>>> queries = {
      {"service by day, one month",
       {{"group_by", "service,day"}, {"order", "key"}, {"limit", "100000"}, {"from", range->Text(0, 0)}, {"to", range->Text(0, 1)}}},
      {"top 10 sub accounts", {{"group_by", "sub_account"}, {"limit", "10"}}},
      {"tag breakdown (env, team)", {{"group_by", "tag:env,tag:team"}, {"limit", "1000"}}},
      {"provider by month", {{"group_by", "provider,month"}}},
  };

  std::vector<Measured> results;
  std::vector<std::string> answers;  // every backend must give the same answer
  int rc = 0;
  for (const auto& [name, backend] : backends) {
    Measured m;
    auto warehouse = backend->Open(&c);
    if (Status s = warehouse->EnsureSchema(); !s.ok()) {
      stop_all();
      return Fail(s);
    }
    // Billing periods are loaded per connector as focusd does; one connector here, every month.
    auto l0 = std::chrono::steady_clock::now();
    auto loaded = warehouse->Load("bench-connector", {&c, "bench_rows", {parquet}});
    if (!loaded.ok()) {
      stop_all();
      return Fail(loaded.status().WithContext(name));
    }
    m.load_s = Ms(std::chrono::steady_clock::now() - l0).count() / 1000;
    std::string answer;
    for (const auto& [qname, params] : queries) {
      auto q = ParseCostQuery(params);
      if (!q.ok()) return Fail(q.status());
      std::vector<double> times;
      for (int i = 0; i < iterations + 2; ++i) {
        auto q0 = std::chrono::steady_clock::now();
        auto r = backend->Costs(c, *q);
        double ms = Ms(std::chrono::steady_clock::now() - q0).count();
        if (!r.ok()) {
          stop_all();
          return Fail(r.status().WithContext(name + ", " + qname));
        }
        if (i >= 2) times.push_back(ms);
        if (i == 0) {
          answer += qname + ":";
          for (const auto& row : r->rows) {
            for (const auto& d : row.dims) answer += (d ? *d : "NULL") + "|";
            answer += row.currency + "=" + row.cost + ";";
          }
          for (const auto& t : r->totals) answer += t.currency + "=" + t.cost + "/" + std::to_string(t.rows) + ";";
        }
      }
      m.p50_p95.push_back({Percentile(times, 0.5), Percentile(times, 0.95)});
    }
    answers.push_back(answer);
    results.push_back(m);
  }
  stop_all();

  std::printf("\n%lld rows, %d iterations per query\n", static_cast<long long>(rows), iterations);
  std::printf("%-28s", "");
  for (const auto& [name, _] : backends) std::printf(" %26s", name.c_str());
  std::printf("\n%-28s", "load (s)");
  for (size_t b = 0; b < backends.size(); ++b)
    std::printf(" %19.2f (%4.2fx)", results[b].load_s, results[b].load_s / results[0].load_s);
  std::printf("\n");
  for (size_t qi = 0; qi < queries.size(); ++qi) {
    std::printf("%-28s", (queries[qi].first + " p50").c_str());
    for (size_t b = 0; b < backends.size(); ++b)
      std::printf(" %17.1f ms (%4.2fx)", results[b].p50_p95[qi].first,
                  results[b].p50_p95[qi].first / results[0].p50_p95[qi].first);
    std::printf("\n%-28s", "  p95");
    for (size_t b = 0; b < backends.size(); ++b)
      std::printf(" %17.1f ms (%4.2fx)", results[b].p50_p95[qi].second,
                  results[b].p50_p95[qi].second / results[0].p50_p95[qi].second);
    std::printf("\n");
  }
  for (size_t b = 1; b < answers.size(); ++b)
    if (answers[b] != answers[0]) {
      std::printf("MISMATCH: %s answers differ from duckdb's\n", backends[b].first.c_str());
      rc = 1;
    }
  if (rc == 0) std::printf("all backends gave identical results\n");
  std::filesystem::remove_all(dir);
  return rc;
}

}  // namespace
}  // namespace focusd

int main(int argc, char** argv) { return focusd::Main(argc, argv); }
