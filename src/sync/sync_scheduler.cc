#include "sync/sync_scheduler.h"

#include <spdlog/spdlog.h>

#include <functional>

namespace focusd {

SyncScheduler::SyncScheduler(SyncRunner* runner, Catalog* catalog, SyncStore* store, ScheduleConfig config,
                             const TimeSource* clock)
    : runner_(runner), catalog_(catalog), store_(store), config_(std::move(config)), clock_(clock) {}

SyncScheduler::~SyncScheduler() { Stop(); }

TimePoint SyncScheduler::DailySlot(const std::string& connector_id, TimePoint now) const {
  int64_t t = ToUnixSeconds(now);
  int64_t day = t - (t % 86400);
  // A stable hash (FNV-1a), not std::hash: the slot must not move between builds or restarts.
  uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : connector_id) h = (h ^ ch) * 1099511628211ull;
  int64_t jitter = config_.jitter_minutes > 0 ? static_cast<int64_t>(h % (config_.jitter_minutes * 60)) : 0;
  return Clock::from_time_t(day + config_.daily_hour_utc * 3600 + jitter);
}

Result<std::vector<std::pair<std::string, std::string>>> SyncScheduler::DueConnectors(TimePoint now) {
  ASSIGN_OR_RETURN(std::vector<Connector> connectors, catalog_->ListConnectors());
  std::vector<std::pair<std::string, std::string>> due;
  for (const auto& c : connectors) {
    ASSIGN_OR_RETURN(auto last, store_->LastRun(c.id, /*successful_only=*/false));
    if (!last) {
      due.push_back({c.id, "created"});
      continue;
    }
    TimePoint slot = DailySlot(c.id, now);
    auto started = ParseIso8601(last->started_at);
    if (now >= slot && (!started || *started < slot)) due.push_back({c.id, "schedule"});
  }
  return due;
}

void SyncScheduler::Enqueue(const std::string& connector_id, const std::string& trigger) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!queued_.insert(connector_id).second) return;
    queue_.push_back({connector_id, trigger});
  }
  cv_.notify_all();
}

std::vector<SyncRun> SyncScheduler::RunPending() {
  if (scheduled_) {
    auto due = DueConnectors(clock_->Now());
    if (due.ok())
      for (const auto& [id, trigger] : *due) Enqueue(id, trigger);
    else
      spdlog::warn("scheduler: cannot list due connectors: {}", due.status().message());
  }
  std::vector<SyncRun> runs;
  for (;;) {
    std::pair<std::string, std::string> next;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (queue_.empty() || stop_) break;
      next = queue_.front();
      queue_.pop_front();
    }
    auto run = runner_->Run(next.first, next.second, config_.sync);
    {
      std::lock_guard<std::mutex> lock(mu_);
      queued_.erase(next.first);
    }
    if (run.ok()) runs.push_back(std::move(run).value());
    else spdlog::info("scheduler: {} not run: {}", next.first, run.status().message());
  }
  return runs;
}

Status SyncScheduler::Start() {
  RETURN_IF_ERROR(store_->ReleaseAllLeases(config_.sync.owner));
  ASSIGN_OR_RETURN(std::vector<SyncRun> interrupted, store_->RecoverInterrupted(clock_->Now()));
  for (const auto& r : interrupted) {
    spdlog::warn("run {} of connector {} was interrupted; retrying", r.id, r.connector_id);
    (void)catalog_->SetConnectorStatus(r.connector_id, "Error", r.error, std::nullopt);
    Enqueue(r.connector_id, "retry");
  }
  worker_ = std::thread([this] { Loop(); });
  return Status::Ok();
}

Status SyncScheduler::StartOnDemandOnly() {
  scheduled_ = false;
  return Start();
}

void SyncScheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void SyncScheduler::Loop() {
  while (true) {
    RunPending();
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, std::chrono::minutes(1), [this] { return stop_ || !queue_.empty(); });
    if (stop_) return;
  }
}

}  // namespace focusd
