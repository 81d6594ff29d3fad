#include "core/config.h"

#include <algorithm>
#include <regex>
#include <fstream>

extern char** environ;

namespace focusd {
namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

Result<bool> ParseBool(const std::string& key, const std::string& v) {
  if (v == "true" || v == "1" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "no") return false;
  return Status::InvalidArgument("expected true or false, got '" + v + "'", key);
}

}  // namespace

Status Config::Set(const std::string& key, const std::string& value) {
  if (key == "data_dir") {
    data_dir = value;
  } else if (key == "listen") {
    if (value.find(':') == std::string::npos)
      return Status::InvalidArgument("expected HOST:PORT, got '" + value + "'", key);
    listen = value;
  } else if (key == "log_level") {
    static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
    if (std::find(std::begin(kLevels), std::end(kLevels), value) == std::end(kLevels))
      return Status::InvalidArgument("unknown log level '" + value + "'", key);
    log_level = value;
  } else if (key == "log_format") {
    if (value != "json" && value != "text")
      return Status::InvalidArgument("expected json or text, got '" + value + "'", key);
    log_format = value;
  } else if (key == "warehouse") {
    if (value != "duckdb" && value != "clickhouse")
      return Status::InvalidArgument("unsupported warehouse '" + value + "' (supported: duckdb, clickhouse)", key);
    warehouse = value;
  } else if (key == "clickhouse_url") {
    if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0)
      return Status::InvalidArgument("expected an http:// or https:// URL", key);
    if (value.find('@') != std::string::npos)
      return Status::InvalidArgument("put no credentials in the URL (use clickhouse_user and FOCUSD_CLICKHOUSE_PASSWORD)", key);
    clickhouse_url = value;
  } else if (key == "clickhouse_user") {
    clickhouse_user = value;
  } else if (key == "clickhouse_database") {
    if (value.empty()) return Status::InvalidArgument("must not be empty", key);
    clickhouse_database = value;
  } else if (key == "clickhouse_cluster") {
    clickhouse_cluster = value;
  } else if (key == "clickhouse_shards") {
    if (value.find('@') != std::string::npos)
      return Status::InvalidArgument("put no credentials in the URLs", key);
    clickhouse_shards = value;
  } else if (key == "clickhouse_password_file") {
    clickhouse_password_file = value;
  } else if (key == "demo") {
    ASSIGN_OR_RETURN(demo, ParseBool(key, value));
  } else if (key == "scheduler") {
    ASSIGN_OR_RETURN(scheduler, ParseBool(key, value));
  } else if (key == "memory_limit") {
    static const std::regex kSize("[0-9]+(\\.[0-9]+)? ?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", std::regex::icase);
    if (!std::regex_match(value, kSize))
      return Status::InvalidArgument("expected a size such as 2GB or 512MB, got '" + value + "'", key);
    memory_limit = value;
  } else if (key == "sync_hour_utc" || key == "backfill_months") {
    int lo = key == "sync_hour_utc" ? 0 : 1, hi = key == "sync_hour_utc" ? 23 : 36;
    int n = -1;
    try {
      size_t used = 0;
      n = std::stoi(value, &used);
      if (used != value.size()) n = -1;
    } catch (...) {
    }
    if (n < lo || n > hi)
      return Status::InvalidArgument("expected a whole number from " + std::to_string(lo) + " to " +
                                         std::to_string(hi) + ", got '" + value + "'", key);
    (key == "sync_hour_utc" ? sync_hour_utc : backfill_months) = n;
  } else {
    return Status::InvalidArgument("unknown setting '" + key + "'", key);
  }
  return Status::Ok();
}

Status LoadConfigFile(const std::string& path, Config* config) {
  if (path.empty()) return Status::Ok();
  std::ifstream in(path);
  if (!in) return Status::NotFound("config file " + path + " cannot be read");
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    size_t eq = t.find('=');
    if (eq == std::string::npos)
      return Status::InvalidArgument(path + ":" + std::to_string(lineno) + ": expected key = value");
    std::string value = Trim(t.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    Status s = config->Set(Trim(t.substr(0, eq)), value);
    if (!s.ok()) return s.WithContext(path + ":" + std::to_string(lineno));
  }
  return Status::Ok();
}

Status ApplyEnvironment(const std::map<std::string, std::string>& env, Config* config) {
  static const char* kKeys[] = {"data_dir", "listen", "log_level", "log_format", "warehouse",
                                "demo", "scheduler", "sync_hour_utc", "backfill_months", "memory_limit",
                                "clickhouse_url", "clickhouse_user", "clickhouse_database",
                                "clickhouse_cluster", "clickhouse_shards", "clickhouse_password_file"};
  for (const char* key : kKeys) {
    std::string name = "FOCUSD_";
    for (const char* p = key; *p; ++p) name.push_back(static_cast<char>(std::toupper(*p)));
    auto it = env.find(name);
    if (it == env.end()) continue;
    Status s = config->Set(key, it->second);
    if (!s.ok()) return s.WithContext(name);
  }
  return Status::Ok();
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    size_t eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return env;
}

}  // namespace focusd
