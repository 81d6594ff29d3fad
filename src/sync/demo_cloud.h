// The demo cloud behind `make run` (focusd serve --demo): a folder per demo connector in
// which FOCUS deliveries appear the way a provider's export writes them, so the demo
// connectors sync through the real sync path (lease, discover, download, validate,
// normalize, atomic period replace, run record, status) instead of having rows put in place.
//
//   <root>/<connector id>/BILLING_PERIOD=YYYY-MM/<delivery>/part-00000.parquet
//
// A closed month has one delivery (named by the day after the month ended); the current month
// gets a new delivery each day, covering the days so far, as AWS and Azure refresh the open
// month daily. The rows are FOCUS 1.2 in each provider's own vocabulary (services, regions,
// accounts, currency), deterministic for (connector, month, days covered).
#pragma once

#include <string>

#include "catalog/catalog.h"
#include "core/time.h"
#include "db/duckdb.h"

namespace focusd {

// The folder of one demo connector's deliveries.
std::string DemoCloudFolder(const std::string& root, const std::string& connector_id);

// Writes the deliveries due at `now` for the last `months` months (the current one
// included) that are not there yet, and removes deliveries a newer one of the same month
// replaced. Returns how many deliveries it wrote.
Result<int> PublishDemoDeliveries(DuckConnection& conn, const Connector& connector, const std::string& root,
                                  TimePoint now, int months = 3);

}  // namespace focusd
