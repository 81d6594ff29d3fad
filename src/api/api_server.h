// The HTTP server: REST API under /api/v1 (bearer-token auth), health endpoints, the
// embedded web UI and the AWS role template. Handlers live in *_routes.cc, one file per
// resource; this class owns the listener and the cross-cutting parts (auth, errors, access log).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "catalog/connector_registry.h"
#include "core/status.h"
#include "db/duckdb.h"
#include "sync/sync_scheduler.h"
#include "warehouse/warehouse_backend.h"

namespace httplib {
class Server;
}

namespace focusd {

struct ApiContext {
  Catalog* catalog = nullptr;
  ConnectorRegistry* registry = nullptr;
  std::shared_ptr<DuckDatabase> db;          // focusd's database (catalog; the DuckDB warehouse)
  std::shared_ptr<WarehouseBackend> warehouse;  // where costs are (null: DuckDB in `db`)
  SyncStore* sync_store = nullptr;
  SyncRunner* sync_runner = nullptr;
  SyncScheduler* scheduler = nullptr;        // "Sync now" queues here
  const SourceFactories* sources = nullptr;  // test connection
  SyncOptions sync_options;                  // for runs made inline (?wait=true)
};

class ApiServer {
 public:
  explicit ApiServer(ApiContext ctx);
  ~ApiServer();

  // Binds host:port; port 0 picks a free one. Returns the bound port.
  Result<int> Bind(const std::string& host, int port);
  // Serves until Stop(); marks the server ready (GET /readyz) once listening.
  void Run();
  void Stop();

 private:
  void RegisterRoutes();
  std::unique_ptr<httplib::Server> server_;
  ApiContext ctx_;
  std::atomic<bool> ready_{false};
};

}  // namespace focusd
