// Where a connector's FOCUS data comes from: each provider implements BillingSource over its
// ObjectStore (and, for GCP, BigQuery). The sync engine asks it which billing periods have a
// delivery, compares each delivery's identity with what it loaded last time, fetches the
// changed ones to local files and hands them to the FOCUS engine, which replaces the period.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "focus/staging.h"
#include "storage/object_store.h"

namespace focusd {

// The newest complete delivery of one billing period.
struct PeriodDelivery {
  std::string billing_period;          // "YYYY-MM"
  // Identity of this delivery (e.g. manifest key + ETag, or newest object time): when it
  // differs from the last loaded one, the period is reloaded.
  std::string delivery_id;
  std::vector<ObjectInfo> files;       // data files to load, all of them
  FileFormat format = FileFormat::kAuto;
  int64_t expected_rows = -1;          // from the manifest, when it says (-1: unknown)
};

// One step of "test connection", in order; the first failing step says what to fix.
struct ConnectionStep {
  std::string name;     // "Assume role", "List path", "Find manifest", ...
  bool ok = false;
  std::string message;  // what happened; never contains a secret
  std::string hint;     // what to fix, for a failed step
};

struct ConnectionReport {
  bool ok = false;
  std::vector<ConnectionStep> steps;
};

class BillingSource {
 public:
  virtual ~BillingSource() = default;
  // The newest complete delivery of each billing period found, oldest period first.
  virtual Result<std::vector<PeriodDelivery>> Discover() = 0;
  // Downloads every file of `delivery` into `dir`; returns the local paths in delivery order.
  virtual Result<std::vector<std::string>> Fetch(const PeriodDelivery& delivery, const std::string& dir) = 0;
  // Runs the connection checks step by step, stopping at the first failure.
  virtual ConnectionReport TestConnection() = 0;
  // Called once the warehouse holds `delivery` and it is recorded as loaded: a source cleans
  // up what it made for the load (GCP deletes the objects its BigQuery export wrote). Not
  // called for a delivery that failed to load. A failure is logged; the loaded data stands.
  virtual Status AfterLoad(const PeriodDelivery& delivery) {
    (void)delivery;
    return Status::Ok();
  }
};

}  // namespace focusd
