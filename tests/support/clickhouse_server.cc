#include "support/clickhouse_server.h"


#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "http/http_client.h"
#include "support/free_port.h"
#include "support/wait_for_server.h"

namespace focusd::testing {
namespace {

std::string ConfigXml(const std::string& dir, ClickHouseServer::Ports ports, const std::vector<int>& cluster) {
  std::string shards;
  for (int p : cluster)
    shards += "<shard><replica><host>127.0.0.1</host><port>" + std::to_string(p) + "</port></replica></shard>";
  return R"(<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>)" + dir + R"(/server.log</log><errorlog>)" + dir +
         R"(/error.log</errorlog><console>false</console></logger>
  <http_port>)" + std::to_string(ports.http) + R"(</http_port>
  <tcp_port>)" + std::to_string(ports.tcp) + R"(</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>)" + dir + R"(/data/</path>
  <tmp_path>)" + dir + R"(/tmp/</tmp_path>
  <user_files_path>)" + dir + R"(/user_files/</user_files_path>
  <format_schema_path>)" + dir + R"(/format_schemas/</format_schema_path>
  <timezone>UTC</timezone>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <default_database>default</default_database>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
    <)" + kClickHouseTestUser + R"(><password>)" + kClickHouseTestPassword + R"(</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></)" +
         kClickHouseTestUser + R"(>
  </users>
  <profiles><default></default></profiles>
  <quotas><default></default></quotas>
  )" + (cluster.empty() ? std::string() : "<remote_servers><focus>" + shards + "</focus></remote_servers>") + R"(
</yandex>
)";
}

}  // namespace

ClickHouseServer::Ports ClickHouseServer::PickPorts() {
  Ports p;
  p.http = PickFreeLoopbackPort();
  do p.tcp = PickFreeLoopbackPort();
  while (p.tcp == p.http);
  return p;
}

ClickHouseServer::ClickHouseServer(Ports ports, const std::vector<int>& cluster) {
  dir_ = ::testing::TempDir() + "/clickhouse_" + std::to_string(ports.http);
  std::filesystem::create_directories(dir_);
  const std::string config = dir_ + "/config.xml";
  std::ofstream(config) << ConfigXml(dir_, ports, cluster);
  const std::string out = dir_ + "/stdout.log";
  pid_ = fork();
  if (pid_ == 0) {
    int log = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log >= 0) {
      dup2(log, 1);
      dup2(log, 2);
    }
    std::string arg = "--config-file=" + config;
    execlp("clickhouse-server", "clickhouse-server", arg.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  url_ = "http://127.0.0.1:" + std::to_string(ports.http);
  if (WaitForServer(&pid_, url_ + "/ping", [](const HttpResponse& r) { return r.status == 200 && r.body == "Ok.\n"; }))
    return;
  ADD_FAILURE() << "clickhouse-server did not start on port " << ports.http << "; see " << dir_;
  Kill();
  url_.clear();
}

ClickHouseServer::~ClickHouseServer() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
}

void ClickHouseServer::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

ClickHouseEndpoint ClickHouseServer::Endpoint(const std::string& database) const {
  ClickHouseEndpoint ep;
  ep.url = url_;
  ep.user = kClickHouseTestUser;
  ep.password = SecretString(kClickHouseTestPassword);
  ep.database = database;
  return ep;
}

ClickHouseCluster::ClickHouseCluster(int shards) {
  std::vector<ClickHouseServer::Ports> ports;
  std::vector<int> tcp;
  for (int i = 0; i < shards; ++i) {
    ports.push_back(ClickHouseServer::PickPorts());
    tcp.push_back(ports.back().tcp);
  }
  for (const auto& p : ports) servers.push_back(std::make_unique<ClickHouseServer>(p, tcp));
}

bool ClickHouseCluster::running() const {
  for (const auto& s : servers)
    if (!s->running()) return false;
  return !servers.empty();
}

}  // namespace focusd::testing
