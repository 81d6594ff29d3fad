// One sync of one connector: take the connector's lease, ask its BillingSource which billing
// periods have a delivery, download and import each period whose delivery changed since the
// last load (the warehouse replaces the period atomically), record the run, set the
// connector's status. Runs for different connectors may go on in parallel; a second run of
// the same connector is refused while the first holds the lease.
#pragma once

#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "core/time.h"
#include "db/duckdb.h"
#include "sync/source_factory.h"
#include "sync/sync_store.h"
#include "warehouse/warehouse_backend.h"

namespace focusd {

struct SyncOptions {
  int backfill_months = 3;          // the current month and the 2 before (1..36)
  std::string work_dir;             // where deliveries are downloaded (a folder per run)
  std::string owner = "focusd";     // lease owner (host/pid of this server)
  std::chrono::seconds lease_ttl{3 * 3600};
  int transient_attempts = 3;       // a transient failure (network, throttling) is retried
  bool daily_schedule = true;       // false under --no-scheduler: hints must not promise a retry
  std::function<void(std::chrono::milliseconds)> sleep;  // backoff waits (tests: record)
};

class SyncRunner {
 public:
  SyncRunner(std::shared_ptr<DuckDatabase> db, Catalog* catalog, SyncStore* store, const SourceFactories* sources,
             const TimeSource* clock = &TimeSource::System())
      : db_(std::move(db)), catalog_(catalog), store_(store), sources_(sources), clock_(clock) {}

  // Runs a sync to its end and returns its record (status succeeded or failed). A run that
  // cannot start because another holds the lease is FailedPrecondition.
  Result<SyncRun> Run(const std::string& connector_id, const std::string& trigger, const SyncOptions& options);
  // Where loads go (default, or null: the DuckDB warehouse in `db`).
  void SetWarehouse(std::shared_ptr<WarehouseBackend> warehouse) { warehouse_ = std::move(warehouse); }

 private:
  Status RunPeriods(const Connector& c, BillingSource& source, const SyncOptions& options, SyncRun* run);
  std::shared_ptr<DuckDatabase> db_;
  Catalog* catalog_;
  SyncStore* store_;
  const SourceFactories* sources_;
  const TimeSource* clock_;
  std::shared_ptr<WarehouseBackend> warehouse_;
};

// The "YYYY-MM" months of the backfill window ending with `now`'s month, oldest first.
std::vector<std::string> BackfillPeriods(TimePoint now, int months);

}  // namespace focusd
