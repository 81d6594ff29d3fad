#include "sync/sync_store.h"

namespace focusd {
namespace {

const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS sync_runs (
  id VARCHAR PRIMARY KEY, connector_id VARCHAR NOT NULL, trigger VARCHAR NOT NULL,
  status VARCHAR NOT NULL, started_at VARCHAR NOT NULL, finished_at VARCHAR,
  periods VARCHAR NOT NULL, files BIGINT NOT NULL, bytes BIGINT NOT NULL, rows BIGINT NOT NULL,
  totals VARCHAR NOT NULL, validation VARCHAR NOT NULL, error VARCHAR NOT NULL, hint VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS sync_deliveries (
  connector_id VARCHAR NOT NULL, billing_period VARCHAR NOT NULL, delivery_id VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL, loaded_at VARCHAR NOT NULL, PRIMARY KEY (connector_id, billing_period));
CREATE TABLE IF NOT EXISTS sync_leases (
  connector_id VARCHAR PRIMARY KEY, owner VARCHAR NOT NULL, expires_at BIGINT NOT NULL);
)sql";

SyncRun FromRow(const DuckResult& r, size_t i) {
  SyncRun run;
  run.id = r.Text(i, 0);
  run.connector_id = r.Text(i, 1);
  run.trigger = r.Text(i, 2);
  run.status = r.Text(i, 3);
  run.started_at = r.Text(i, 4);
  run.finished_at = r.Text(i, 5);
  run.periods = nlohmann::json::parse(r.Text(i, 6)).get<std::vector<std::string>>();
  run.files = r.Int(i, 7);
  run.bytes = r.Int(i, 8);
  run.rows = r.Int(i, 9);
  run.totals = nlohmann::json::parse(r.Text(i, 10));
  run.validation = nlohmann::json::parse(r.Text(i, 11));
  run.error = r.Text(i, 12);
  run.hint = r.Text(i, 13);
  return run;
}

const char* kColumns =
    "id, connector_id, trigger, status, started_at, finished_at, periods, files, bytes, rows, totals, "
    "validation, error, hint";

std::vector<DuckParam> Params(const SyncRun& r) {
  return {r.id, r.connector_id, r.trigger, r.status, r.started_at,
          r.finished_at.empty() ? DuckParam(nullptr) : DuckParam(r.finished_at),
          nlohmann::json(r.periods).dump(), r.files, r.bytes, r.rows, r.totals.dump(), r.validation.dump(),
          r.error, r.hint};
}

}  // namespace

nlohmann::json SyncRunToJson(const SyncRun& r) {
  return {{"id", r.id}, {"connector_id", r.connector_id}, {"trigger", r.trigger}, {"status", r.status},
          {"started_at", r.started_at},
          {"finished_at", r.finished_at.empty() ? nlohmann::json() : nlohmann::json(r.finished_at)},
          {"periods", r.periods}, {"files", r.files}, {"bytes", r.bytes}, {"rows", r.rows},
          {"totals", r.totals}, {"validation", r.validation}, {"error", r.error}, {"hint", r.hint}};
}

Result<std::unique_ptr<SyncStore>> SyncStore::Open(std::shared_ptr<DuckDatabase> db) {
  ASSIGN_OR_RETURN(auto conn, db->Connect());
  RETURN_IF_ERROR(conn->Execute(kSchema));
  return std::unique_ptr<SyncStore>(new SyncStore(std::move(conn)));
}

Result<bool> SyncStore::TryAcquireLease(const std::string& connector_id, const std::string& owner,
                                        std::chrono::seconds ttl, TimePoint now) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t t = ToUnixSeconds(now);
  bool acquired = false;
  Status s = conn_->Transaction([&]() -> Status {
    ASSIGN_OR_RETURN(DuckResult cur, conn_->Query("SELECT owner, expires_at FROM sync_leases WHERE connector_id = ?",
                                                  {connector_id}));
    if (cur.row_count() > 0 && cur.Int(0, 1) > t && cur.Text(0, 0) != owner) return Status::Ok();
    RETURN_IF_ERROR(conn_->Query("INSERT OR REPLACE INTO sync_leases VALUES (?, ?, ?)",
                                 {connector_id, owner, t + ttl.count()}).status());
    acquired = true;
    return Status::Ok();
  });
  // Another process committing the same lease first is a conflict: the lease is theirs.
  if (!s.ok()) return false;
  return acquired;
}

Status SyncStore::ReleaseLease(const std::string& connector_id, const std::string& owner) {
  std::lock_guard<std::mutex> lock(mu_);
  return conn_->Query("DELETE FROM sync_leases WHERE connector_id = ? AND owner = ?", {connector_id, owner})
      .status();
}

Result<bool> SyncStore::LeaseHeld(const std::string& connector_id, TimePoint now) {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(DuckResult r, conn_->Query("SELECT count(*) FROM sync_leases WHERE connector_id = ? AND expires_at > ?",
                                              {connector_id, ToUnixSeconds(now)}));
  return r.Int(0, 0) > 0;
}

Status SyncStore::ReleaseAllLeases(const std::string& owner) {
  std::lock_guard<std::mutex> lock(mu_);
  return conn_->Query("DELETE FROM sync_leases WHERE owner = ?", {owner}).status();
}

Status SyncStore::InsertRun(const SyncRun& run) {
  std::lock_guard<std::mutex> lock(mu_);
  return conn_->Query(std::string("INSERT INTO sync_runs (") + kColumns +
                          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      Params(run))
      .status();
}

Status SyncStore::UpdateRun(const SyncRun& run) {
  std::lock_guard<std::mutex> lock(mu_);
  auto p = Params(run);
  p.push_back(run.id);
  return conn_->Query("UPDATE sync_runs SET id = ?, connector_id = ?, trigger = ?, status = ?, started_at = ?, "
                      "finished_at = ?, periods = ?, files = ?, bytes = ?, rows = ?, totals = ?, validation = ?, "
                      "error = ?, hint = ? WHERE id = ?",
                      p)
      .status();
}

Result<std::vector<SyncRun>> SyncStore::ListRuns(const std::string& connector_id, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(DuckResult r, conn_->Query(std::string("SELECT ") + kColumns +
                                                  " FROM sync_runs WHERE connector_id = ? "
                                                  "ORDER BY started_at DESC, id DESC LIMIT ?",
                                              {connector_id, int64_t{limit}}));
  std::vector<SyncRun> out;
  for (size_t i = 0; i < r.row_count(); ++i) out.push_back(FromRow(r, i));
  return out;
}

Result<std::optional<SyncRun>> SyncStore::LastRun(const std::string& connector_id, bool successful_only) {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(DuckResult r,
                   conn_->Query(std::string("SELECT ") + kColumns + " FROM sync_runs WHERE connector_id = ? " +
                                    (successful_only ? "AND status = 'succeeded' " : "AND status <> 'running' ") +
                                    "ORDER BY started_at DESC, id DESC LIMIT 1",
                                {connector_id}));
  if (r.row_count() == 0) return std::optional<SyncRun>();
  return std::optional<SyncRun>(FromRow(r, 0));
}

Result<std::vector<SyncRun>> SyncStore::RecoverInterrupted(TimePoint now) {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(DuckResult r,
                   conn_->Query(std::string("SELECT ") + kColumns +
                                    " FROM sync_runs r WHERE status = 'running' AND NOT EXISTS (SELECT 1 FROM "
                                    "sync_leases l WHERE l.connector_id = r.connector_id AND l.expires_at > ?)",
                                {ToUnixSeconds(now)}));
  std::vector<SyncRun> out;
  for (size_t i = 0; i < r.row_count(); ++i) {
    SyncRun run = FromRow(r, i);
    run.status = "interrupted";
    run.finished_at = FormatIso8601(now);
    run.error = "the run was interrupted (focusd stopped or crashed); stored data is the previous version";
    RETURN_IF_ERROR(conn_->Query("UPDATE sync_runs SET status = ?, finished_at = ?, error = ? WHERE id = ?",
                                 {run.status, run.finished_at, run.error, run.id})
                        .status());
    out.push_back(std::move(run));
  }
  return out;
}

Result<std::string> SyncStore::LoadedDelivery(const std::string& connector_id, const std::string& period) {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(DuckResult r, conn_->Query("SELECT delivery_id FROM sync_deliveries WHERE connector_id = ? "
                                              "AND billing_period = ?",
                                              {connector_id, period}));
  return r.row_count() ? r.Text(0, 0) : std::string();
}

Result<std::string> SyncStore::NewestDelivery(const std::string& connector_id) {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(DuckResult r, conn_->Query("SELECT max(delivery_id) FROM sync_deliveries WHERE connector_id = ?",
                                              {connector_id}));
  return r.row_count() ? r.Text(0, 0) : std::string();
}

Status SyncStore::RecordDelivery(const std::string& connector_id, const std::string& period,
                                 const std::string& delivery_id, const std::string& run_id) {
  std::lock_guard<std::mutex> lock(mu_);
  return conn_->Query("INSERT OR REPLACE INTO sync_deliveries VALUES (?, ?, ?, ?, ?)",
                      {connector_id, period, delivery_id, run_id, NowIso8601()})
      .status();
}

Status SyncStore::ForgetConnector(const std::string& connector_id) {
  std::lock_guard<std::mutex> lock(mu_);
  return conn_->Transaction([&]() -> Status {
    for (const char* t : {"sync_runs", "sync_deliveries", "sync_leases"})
      RETURN_IF_ERROR(conn_->Query(std::string("DELETE FROM ") + t + " WHERE connector_id = ?", {connector_id})
                          .status());
    return Status::Ok();
  });
}

}  // namespace focusd
