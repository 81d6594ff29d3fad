// The CLI's client for a running focusd server's REST API (--server, --token).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"

namespace focusd {

class ApiClient {
 public:
  ApiClient(std::string server, std::string token) : server_(std::move(server)), token_(std::move(token)) {}

  // Sends a request to `path` (e.g. "/api/v1/connectors"). A non-2xx answer becomes a Status
  // whose message is the server's error message, with each field error on its own line.
  Result<nlohmann::json> Call(const std::string& method, const std::string& path,
                              const nlohmann::json& body = nullptr) const;

 private:
  std::string server_;
  std::string token_;
};

// Adds --server (env FOCUSD_SERVER, default http://127.0.0.1:8080), --token (env FOCUSD_TOKEN)
// and --output table|json to a subcommand; returns where they are stored.
struct ClientOptions {
  std::string server = "http://127.0.0.1:8080";
  std::string token;
  std::string output = "table";
  ApiClient Client() const { return ApiClient(server, token); }
};

}  // namespace focusd
