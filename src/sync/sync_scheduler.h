// Keeps every connector current: a daily sync at a configured hour (plus a per-connector
// jitter, so connectors don't all hit their clouds at once), a sync right after creation
// (the backfill), on demand ("Sync now"), and a retry of runs a crash interrupted.
// Time comes from a TimeSource, so tests drive the schedule with a fake clock, no sleeps.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include "sync/sync_runner.h"

namespace focusd {

struct ScheduleConfig {
  int daily_hour_utc = 2;          // 0..23
  int jitter_minutes = 60;         // each connector's slot is hour + [0, jitter)
  SyncOptions sync;
};

class SyncScheduler {
 public:
  SyncScheduler(SyncRunner* runner, Catalog* catalog, SyncStore* store, ScheduleConfig config,
                const TimeSource* clock = &TimeSource::System());
  ~SyncScheduler();

  // When the connector's daily sync falls on the day of `now` (UTC).
  TimePoint DailySlot(const std::string& connector_id, TimePoint now) const;
  // Connectors whose sync is due at `now`, with the trigger to use: never synced ("created"),
  // or today's slot passed with no run since ("schedule").
  Result<std::vector<std::pair<std::string, std::string>>> DueConnectors(TimePoint now);

  // Queues a run (deduplicated per connector) for the worker thread.
  void Enqueue(const std::string& connector_id, const std::string& trigger);
  // Runs everything queued and due now on the calling thread; returns the runs made. Tests
  // call this with a fake clock instead of Start().
  std::vector<SyncRun> RunPending();

  // Start-up: frees this owner's stale leases, marks interrupted runs and queues retries,
  // then starts the worker thread, which wakes each minute (or when work is queued).
  Status Start();
  // The same start-up, but the worker runs only what is queued (Sync now), never the schedule.
  Status StartOnDemandOnly();
  void Stop();

 private:
  void Loop();
  SyncRunner* runner_;
  Catalog* catalog_;
  SyncStore* store_;
  ScheduleConfig config_;
  const TimeSource* clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<std::string, std::string>> queue_;
  std::set<std::string> queued_;
  bool stop_ = false;
  bool scheduled_ = true;  // false: RunPending skips DueConnectors
  std::thread worker_;
};

}  // namespace focusd
