// Server configuration: defaults, then a config file ("key = value" lines, # comments),
// then FOCUSD_* environment variables, then command-line flags (applied by the caller).
#pragma once

#include <map>
#include <string>

#include "core/status.h"

namespace focusd {

struct Config {
  std::string data_dir = "var";
  std::string listen = "127.0.0.1:8080";
  std::string log_level = "info";
  std::string log_format = "json";     // json | text
  std::string warehouse = "duckdb";    // duckdb | clickhouse
  // ClickHouse (warehouse = clickhouse). The password is never a setting: it comes from the
  // environment (FOCUSD_CLICKHOUSE_PASSWORD) or the file clickhouse_password_file names.
  std::string clickhouse_url;          // http://host:8123 of the node queries go to
  std::string clickhouse_user = "default";
  std::string clickhouse_database = "focusd";
  std::string clickhouse_cluster;      // a <remote_servers> cluster: Distributed tables over it
  std::string clickhouse_shards;       // comma-separated HTTP URLs of its shards, in its order
  std::string clickhouse_password_file;
  bool demo = false;                   // seed demo connectors on first start
  bool scheduler = true;               // daily syncs and syncs after creation
  int sync_hour_utc = 2;               // the hour of the daily sync (plus per-connector jitter)
  int backfill_months = 3;             // months loaded by a sync: the current one and those before
  // DuckDB's memory budget for the server (imports and queries spill to disk beyond it), so a
  // large month cannot take the machine's memory: "2GB", "512MB", ...
  std::string memory_limit = "2GB";

  // Applies one "key = value" setting; unknown keys are an error naming the key.
  Status Set(const std::string& key, const std::string& value);
};

// Reads the file at `path` (if non-empty) into `config`; errors name the file and line.
Status LoadConfigFile(const std::string& path, Config* config);
// Applies FOCUSD_DATA_DIR, FOCUSD_LISTEN, FOCUSD_LOG_LEVEL, ... from `env`.
Status ApplyEnvironment(const std::map<std::string, std::string>& env, Config* config);
// The process environment as a map (for ApplyEnvironment).
std::map<std::string, std::string> ProcessEnvironment();

}  // namespace focusd
