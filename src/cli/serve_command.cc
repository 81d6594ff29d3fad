// focusd serve: the long-running service (REST API + web UI).
#include <signal.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <thread>

#include "api/api_server.h"
#include "catalog/connector_registry.h"
#include "catalog/demo_connectors.h"
#include "cli/client_options.h"
#include "cli/commands.h"
#include "cli/data_dir.h"
#include "core/config.h"
#include "core/log.h"
#include "sync/demo_billing_source.h"
#include "sync/demo_cloud.h"
#include "sync/provider_sources.h"
#include "sync/sync_scheduler.h"
#include "warehouse/duckdb_warehouse.h"
#include "warehouse/warehouse_backend.h"

namespace focusd {
namespace {

struct ServeArgs {
  std::string config_file;
  std::string data_dir, listen, log_level, log_format;
  bool demo = false;
  bool no_scheduler = false;
};

Status Serve(const ServeArgs& a) {
  Config config;
  RETURN_IF_ERROR(LoadConfigFile(a.config_file, &config));
  RETURN_IF_ERROR(ApplyEnvironment(ProcessEnvironment(), &config));
  if (!a.data_dir.empty()) RETURN_IF_ERROR(config.Set("data_dir", a.data_dir));
  if (!a.listen.empty()) RETURN_IF_ERROR(config.Set("listen", a.listen));
  if (!a.log_level.empty()) RETURN_IF_ERROR(config.Set("log_level", a.log_level));
  if (!a.log_format.empty()) RETURN_IF_ERROR(config.Set("log_format", a.log_format));
  if (a.demo) config.demo = true;
  if (a.no_scheduler) config.scheduler = false;
  InitLogging(config.log_level, config.log_format == "json" ? LogFormat::kJson : LogFormat::kText);

  size_t colon = config.listen.rfind(':');
  std::string host = config.listen.substr(0, colon);
  int port = 0;
  try {
    port = std::stoi(config.listen.substr(colon + 1));
  } catch (...) {
    return Status::InvalidArgument("port must be a number in '" + config.listen + "'", "listen");
  }

  // Block SIGTERM/SIGINT in every thread; one thread waits for them and stops the server.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  ASSIGN_OR_RETURN(OpenedDataDir dir, OpenDataDir(config.data_dir));
  {
    ASSIGN_OR_RETURN(auto conn, dir.db->Connect());
    RETURN_IF_ERROR(conn->Execute("SET memory_limit = " + SqlQuote(config.memory_limit)).WithContext("memory_limit"));
  }
  ASSIGN_OR_RETURN(int64_t tokens, dir.catalog->TokenCount());
  if (tokens == 0) {
    ASSIGN_OR_RETURN(std::string admin, dir.catalog->CreateToken("admin"));
    // Printed once, on stdout (not the log); only its hash is kept.
    std::printf("admin token: %s\n(shown once; create more with `focusd token create`)\n", admin.c_str());
  }
  ConnectorRegistry registry(dir.catalog.get());
  std::vector<Connector> demo_seeded;
  const std::string demo_cloud = config.data_dir + "/demo-cloud";
  if (config.demo) {
    ASSIGN_OR_RETURN(demo_seeded, SeedDemoConnectors(dir.catalog.get(), &registry));
    // A folder in the demo cloud is what makes a connector a demo one (see WithDemoSources).
    for (const auto& c : demo_seeded) std::filesystem::create_directories(DemoCloudFolder(demo_cloud, c.id));
  }

  ASSIGN_OR_RETURN(std::shared_ptr<WarehouseBackend> warehouse,
                   WarehouseBackendFromConfig(config, ProcessEnvironment()));
  {
    ASSIGN_OR_RETURN(auto conn, dir.db->Connect());
    RETURN_IF_ERROR(DuckDbWarehouse(conn.get()).EnsureSchema());
    if (warehouse->name() != "duckdb") RETURN_IF_ERROR(warehouse->Open(conn.get())->EnsureSchema());
  }
  ASSIGN_OR_RETURN(std::unique_ptr<SyncStore> sync_store, SyncStore::Open(dir.db));
  SourceFactories sources = ProviderSources(dir.catalog.get(), sync_store.get());
  if (config.demo) sources = WithDemoSources(std::move(sources), dir.db, demo_cloud);
  SyncRunner runner(dir.db, dir.catalog.get(), sync_store.get(), &sources);
  runner.SetWarehouse(warehouse);
  ScheduleConfig schedule;
  schedule.daily_hour_utc = config.sync_hour_utc;
  schedule.sync.backfill_months = config.backfill_months;
  schedule.sync.work_dir = config.data_dir + "/work";
  schedule.sync.daily_schedule = config.scheduler;
  // Stable across restarts, so a restarted server recognises (and frees) its own leases.
  char hostname[256] = "localhost";
  gethostname(hostname, sizeof hostname - 1);
  schedule.sync.owner = std::string(hostname) + ":" + std::filesystem::absolute(config.data_dir).string();
  SyncScheduler scheduler(&runner, dir.catalog.get(), sync_store.get(), schedule);
  // The demo connectors' first sync (their backfill) runs before the server answers, through
  // the same runner as every sync, so the first page a user opens already has their billing.
  for (const auto& c : demo_seeded) {
    ASSIGN_OR_RETURN(SyncRun run, runner.Run(c.id, "created", schedule.sync));
    if (run.status != "succeeded") return Status::Internal("the demo connector " + c.name + " did not sync: " + run.error);
    spdlog::info("demo connector {} synced: {} periods, {} rows", c.name, run.periods.size(), run.rows);
  }

  ApiContext ctx;
  ctx.catalog = dir.catalog.get();
  ctx.registry = &registry;
  ctx.db = dir.db;
  ctx.warehouse = warehouse;
  ctx.sync_store = sync_store.get();
  ctx.sync_runner = &runner;
  ctx.scheduler = &scheduler;
  ctx.sources = &sources;
  ctx.sync_options = schedule.sync;
  ApiServer server(ctx);
  ASSIGN_OR_RETURN(int bound, server.Bind(host, port));
  std::printf("listening on http://%s:%d\n", host.c_str(), bound);
  std::fflush(stdout);
  spdlog::info("focusd serving data_dir={} listen={}:{} warehouse={}", config.data_dir, host, bound,
               warehouse->name());

  if (config.scheduler) {
    RETURN_IF_ERROR(scheduler.Start());
  } else {
    spdlog::info("scheduler off: connectors sync only on demand");
    RETURN_IF_ERROR(scheduler.StartOnDemandOnly());
  }
  std::thread signal_waiter([&server, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("received {}, shutting down", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    server.Stop();
  });
  server.Run();
  // Run() also returns if the listener fails; wake the waiter so it can be joined.
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  scheduler.Stop();  // lets a run in progress finish its current step
  spdlog::info("focusd stopped");
  return Status::Ok();
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand("serve", "Run the focusd service (API and web UI)");
  cmd->add_option("--config", args->config_file, "config file (key = value lines)");
  cmd->add_option("--data-dir", args->data_dir, "data directory (default var; env FOCUSD_DATA_DIR)");
  cmd->add_option("--listen", args->listen, "HOST:PORT (default 127.0.0.1:8080; port 0 = any free)");
  cmd->add_option("--log-level", args->log_level, "trace|debug|info|warn|error");
  cmd->add_option("--log-format", args->log_format, "json|text");
  cmd->add_flag("--demo", args->demo, "register demo connectors on first start");
  cmd->add_flag("--no-scheduler", args->no_scheduler, "no daily syncs: sync only on demand (Sync now)");
  cmd->callback([args] {
    Status s = Serve(*args);
    if (!s.ok()) throw CLI::RuntimeError(ReportError(s));
  });
}

}  // namespace focusd
