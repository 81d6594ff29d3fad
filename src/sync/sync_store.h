// What the sync engine remembers, in the embedded database: every run (its history), which
// delivery of each billing period was loaded last (so an unchanged period is not downloaded
// again), and a lease per connector (so a second server or a double click cannot start a
// twin run).
#pragma once

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "db/duckdb.h"

namespace focusd {

struct SyncRun {
  std::string id;               // "run_<16 hex>"
  std::string connector_id;
  std::string trigger;          // "manual" | "schedule" | "created" | "retry"
  std::string status;           // "running" | "succeeded" | "failed" | "interrupted"
  std::string started_at, finished_at;
  std::vector<std::string> periods;   // billing periods loaded ("YYYY-MM")
  int64_t files = 0, bytes = 0, rows = 0;
  nlohmann::json totals = nlohmann::json::array();      // [{period, currency, rows, billed_cost, ...}]
  nlohmann::json validation = nlohmann::json::object(); // {must_failures, should_failures, ...}
  std::string error;            // for failed runs: what went wrong
  std::string hint;             // what to fix
};

nlohmann::json SyncRunToJson(const SyncRun& r);

class SyncStore {
 public:
  static Result<std::unique_ptr<SyncStore>> Open(std::shared_ptr<DuckDatabase> db);

  // Takes the connector's lease for `ttl` unless another live lease holds it.
  Result<bool> TryAcquireLease(const std::string& connector_id, const std::string& owner,
                               std::chrono::seconds ttl, TimePoint now);
  Status ReleaseLease(const std::string& connector_id, const std::string& owner);
  // Whether a live lease (a run in progress, here or on another server) holds the connector.
  Result<bool> LeaseHeld(const std::string& connector_id, TimePoint now);
  // At start-up: leases this owner still holds belong to runs of a previous life (a crash).
  Status ReleaseAllLeases(const std::string& owner);

  Status InsertRun(const SyncRun& run);
  Status UpdateRun(const SyncRun& run);
  Result<std::vector<SyncRun>> ListRuns(const std::string& connector_id, int limit = 50);
  Result<std::optional<SyncRun>> LastRun(const std::string& connector_id, bool successful_only);
  // Runs still "running" whose lease has expired (a crash or restart): marked "interrupted"
  // and returned, so the caller can retry their connectors.
  Result<std::vector<SyncRun>> RecoverInterrupted(TimePoint now);

  // The delivery of a period loaded last, or "" when none.
  Result<std::string> LoadedDelivery(const std::string& connector_id, const std::string& period);
  // The greatest delivery id loaded for the connector ("" when none): GCP's deliveries are
  // export times, so this is its watermark.
  Result<std::string> NewestDelivery(const std::string& connector_id);
  Status RecordDelivery(const std::string& connector_id, const std::string& period,
                        const std::string& delivery_id, const std::string& run_id);
  // Forgets a connector's runs, deliveries and lease (when it is deleted).
  Status ForgetConnector(const std::string& connector_id);

 private:
  explicit SyncStore(std::unique_ptr<DuckConnection> conn) : conn_(std::move(conn)) {}
  std::mutex mu_;
  std::unique_ptr<DuckConnection> conn_;
};

}  // namespace focusd
