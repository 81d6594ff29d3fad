// The BillingSource of a demo connector: its deliveries come from the demo cloud
// (demo_cloud.h), read through a LocalDirectoryStore like any provider's object store. Each
// Discover first publishes what the demo cloud would have delivered by now (today's refresh
// of the open month), so the daily schedule and "Sync now" behave as with a real export.
#pragma once

#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "core/time.h"
#include "db/duckdb.h"
#include "providers/billing_source.h"
#include "sync/source_factory.h"

namespace focusd {

class DemoBillingSource : public BillingSource {
 public:
  DemoBillingSource(std::shared_ptr<DuckDatabase> db, Connector connector, std::string root,
                    const TimeSource* clock = &TimeSource::System());
  ~DemoBillingSource() override;

  Result<std::vector<PeriodDelivery>> Discover() override;
  Result<std::vector<std::string>> Fetch(const PeriodDelivery& delivery, const std::string& dir) override;
  ConnectionReport TestConnection() override;

 private:
  std::shared_ptr<DuckDatabase> db_;
  Connector connector_;
  std::string folder_;
  std::string root_;
  const TimeSource* clock_;
};

// `real`, except that connectors with a folder in the demo cloud at `root` get a
// DemoBillingSource. Only `focusd serve --demo` installs this.
SourceFactories WithDemoSources(SourceFactories real, std::shared_ptr<DuckDatabase> db, std::string root,
                                const TimeSource* clock = &TimeSource::System());

}  // namespace focusd
