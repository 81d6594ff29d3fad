#include "sync/sync_runner.h"

#include <spdlog/spdlog.h>

#include <ctime>
#include <filesystem>
#include <thread>

#include "core/random.h"
#include "focus/importer.h"
#include "focus/validator.h"
#include "http/retry_policy.h"
#include "warehouse/duckdb_warehouse.h"

namespace focusd {
namespace {

std::string HintFor(const Status& s, const SyncOptions& o) {
  switch (s.code()) {
    case StatusCode::kUnauthenticated:
      return "The credentials were refused: check the connector's secret (run Test connection).";
    case StatusCode::kPermissionDenied:
      return "Access was denied: check the role or the permissions on the bucket/container and path.";
    case StatusCode::kNotFound:
      return "Nothing was found where the connector points: check the bucket/storage and path, and that "
             "the provider's FOCUS export is set up.";
    case StatusCode::kUnavailable:
      return o.daily_schedule
                 ? "The provider could not be reached; focusd retries at the next daily sync, or click Sync now."
                 : "The provider could not be reached; check the network path to it, then click Sync now.";
    case StatusCode::kInvalidArgument:
    case StatusCode::kDataLoss:
      return "A delivered file is not valid FOCUS data; the previous data of that period is kept.";
    default:
      return "";
  }
}

// Retries `fn` while it fails with a transient error, with exponential backoff.
template <typename T>
Result<T> WithTransientRetry(const SyncOptions& o, const std::string& what, const std::function<Result<T>()>& fn) {
  RetryPolicy policy;
  policy.initial_backoff = std::chrono::milliseconds(2000);
  for (int attempt = 1;; ++attempt) {
    Result<T> r = fn();
    if (r.ok() || r.status().code() != StatusCode::kUnavailable || attempt >= o.transient_attempts) return r;
    auto delay = BackoffDelay(policy, attempt);
    spdlog::warn("{} failed ({}); retrying in {} ms", what, r.status().message(), delay.count());
    if (o.sleep) o.sleep(delay);
    else std::this_thread::sleep_for(delay);
  }
}

void AddValidation(const ValidationReport& report, const std::string& period, nlohmann::json* summary) {
  auto& s = *summary;
  s["must_failures"] = s.value("must_failures", 0) + report.must_failures;
  s["should_failures"] = s.value("should_failures", 0) + report.should_failures;
  s["passed"] = s.value("passed", 0) + report.passed;
  s["skipped"] = s.value("skipped", 0) + report.skipped;
  if (!s.contains("failed_rules")) s["failed_rules"] = nlohmann::json::array();
  for (const auto& r : report.rules) {
    if (r.status != RuleResult::kFail) continue;
    s["failed_rules"].push_back({{"period", period}, {"rule_id", r.rule_id}, {"column", r.column},
                                 {"description", r.description}, {"severity", r.must ? "MUST" : "SHOULD"},
                                 {"violations", r.violations}, {"samples", r.samples}});
  }
}

}  // namespace

std::vector<std::string> BackfillPeriods(TimePoint now, int months) {
  std::time_t t = Clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  int y = tm.tm_year + 1900, m = tm.tm_mon + 1;
  std::vector<std::string> out;
  for (int i = months - 1; i >= 0; --i) {
    int mm = m - i, yy = y;
    while (mm <= 0) {
      mm += 12;
      --yy;
    }
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04d-%02d", yy, mm);
    out.push_back(buf);
  }
  return out;
}

Result<SyncRun> SyncRunner::Run(const std::string& connector_id, const std::string& trigger,
                                const SyncOptions& options) {
  ASSIGN_OR_RETURN(Connector c, catalog_->GetConnector(connector_id));
  ASSIGN_OR_RETURN(bool leased, store_->TryAcquireLease(c.id, options.owner, options.lease_ttl, clock_->Now()));
  if (!leased) return Status::FailedPrecondition("a sync of " + c.name + " is already running");

  SyncRun run;
  run.id = RandomId("run");
  run.connector_id = c.id;
  run.trigger = trigger;
  run.status = "running";
  run.started_at = FormatIso8601(clock_->Now());
  Status st = store_->InsertRun(run);
  if (st.ok()) st = catalog_->SetConnectorStatus(c.id, "Syncing", "", std::nullopt);
  if (!st.ok()) {
    (void)store_->ReleaseLease(c.id, options.owner);
    return st;
  }
  spdlog::info("sync started connector={} run={} trigger={}", c.id, run.id, trigger);

  st = [&]() -> Status {
    nlohmann::json secret;
    if (c.secret_id) {
      ASSIGN_OR_RETURN(secret, catalog_->RevealSecret(*c.secret_id));
    }
    ASSIGN_OR_RETURN(std::unique_ptr<BillingSource> source, sources_->Make(c, secret));
    return RunPeriods(c, *source, options, &run);
  }();

  run.finished_at = FormatIso8601(clock_->Now());
  std::string status, message;
  if (st.ok()) {
    run.status = "succeeded";
    int must = run.validation.value("must_failures", 0), should = run.validation.value("should_failures", 0);
    status = (must || should) ? "Warning" : "Healthy";
    if (must || should)
      message = std::to_string(must) + " MUST and " + std::to_string(should) +
                " SHOULD rule failures in the latest data (see the conformance report)";
    spdlog::info("sync succeeded connector={} run={} periods={} rows={}", c.id, run.id, run.periods.size(), run.rows);
  } else {
    run.status = "failed";
    run.error = st.message();
    run.hint = HintFor(st, options);
    status = "Error";
    message = st.message();
    spdlog::warn("sync failed connector={} run={}: {}", c.id, run.id, st.message());
  }
  // The connector's status first, then the run's end: whoever sees the run finished (the
  // detail page polls both) then also sees the status it left.
  Status set = catalog_->SetConnectorStatus(
      c.id, status, message, st.ok() ? std::optional<std::string>(run.finished_at) : std::nullopt);
  Status recorded = store_->UpdateRun(run);
  (void)store_->ReleaseLease(c.id, options.owner);
  RETURN_IF_ERROR(recorded);
  RETURN_IF_ERROR(set);
  return run;
}

Status SyncRunner::RunPeriods(const Connector& c, BillingSource& source, const SyncOptions& options, SyncRun* run) {
  ASSIGN_OR_RETURN(std::vector<PeriodDelivery> deliveries,
                   WithTransientRetry<std::vector<PeriodDelivery>>(options, "discovering deliveries",
                                                                   [&] { return source.Discover(); }));
  auto window = BackfillPeriods(clock_->Now(), std::clamp(options.backfill_months, 1, 36));
  ASSIGN_OR_RETURN(auto conn, db_->Connect());
  std::unique_ptr<Warehouse> opened =
      warehouse_ ? warehouse_->Open(conn.get()) : std::make_unique<DuckDbWarehouse>(conn.get());
  Warehouse& warehouse = *opened;
  RETURN_IF_ERROR(warehouse.EnsureSchema());

  for (const PeriodDelivery& d : deliveries) {
    if (std::find(window.begin(), window.end(), d.billing_period) == window.end()) continue;
    ASSIGN_OR_RETURN(std::string loaded, store_->LoadedDelivery(c.id, d.billing_period));
    if (loaded == d.delivery_id) continue;  // unchanged since the last load: nothing to download

    std::string dir = options.work_dir + "/" + run->id + "/" + d.billing_period;
    std::filesystem::create_directories(dir);
    ASSIGN_OR_RETURN(std::vector<std::string> files,
                     WithTransientRetry<std::vector<std::string>>(options, "downloading " + d.billing_period,
                                                                  [&] { return source.Fetch(d, dir); }));
    for (const auto& f : files) {
      run->files++;
      std::error_code ec;
      run->bytes += static_cast<int64_t>(std::filesystem::file_size(f, ec));
    }

    ValidationReport report;
    ImportOptions io;
    io.connector = c.id;
    io.format = d.format;
    io.validate = [&](DuckConnection& vc, const StagedFiles& staged, SharedScan* shared) -> Status {
      if (d.expected_rows >= 0 && staged.row_count != d.expected_rows)
        return Status::DataLoss("the delivery of " + d.billing_period + " lists " + std::to_string(d.expected_rows) +
                                " rows in its manifest but its files hold " + std::to_string(staged.row_count));
      ASSIGN_OR_RETURN(report, FocusValidator::Validate(vc, staged, ValidatorOptions::SharingScan(shared)));
      return Status::Ok();
    };
    auto imported = ImportFiles(*conn, warehouse, files, io);
    std::filesystem::remove_all(dir);
    if (!imported.ok()) return imported.status().WithContext("billing period " + d.billing_period);

    AddValidation(report, d.billing_period, &run->validation);
    for (const auto& p : imported->load.periods) {
      run->periods.push_back(p.billing_period);
      for (const auto& t : p.stored)
        run->totals.push_back({{"period", p.billing_period}, {"currency", t.currency}, {"rows", t.rows},
                               {"billed_cost", t.billed_cost}, {"effective_cost", t.effective_cost},
                               {"list_cost", t.list_cost}});
    }
    run->rows += imported->load.rows;
    RETURN_IF_ERROR(store_->RecordDelivery(c.id, d.billing_period, d.delivery_id, run->id));
    if (Status cleaned = source.AfterLoad(d); !cleaned.ok())
      spdlog::warn("connector {}: {} is loaded but cleaning up after it failed: {}", c.id, d.billing_period,
                   cleaned.message());
  }
  std::error_code ec;
  std::filesystem::remove_all(options.work_dir + "/" + run->id, ec);
  return Status::Ok();
}

}  // namespace focusd
