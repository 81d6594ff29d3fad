#include "sync/demo_billing_source.h"

#include <filesystem>
#include <map>

#include "storage/local_directory_store.h"
#include "sync/demo_cloud.h"

namespace focusd {

DemoBillingSource::DemoBillingSource(std::shared_ptr<DuckDatabase> db, Connector connector, std::string root,
                                     const TimeSource* clock)
    : db_(std::move(db)),
      connector_(std::move(connector)),
      folder_(DemoCloudFolder(root, connector_.id)),
      root_(std::move(root)),
      clock_(clock) {}

DemoBillingSource::~DemoBillingSource() = default;

Result<std::vector<PeriodDelivery>> DemoBillingSource::Discover() {
  {
    ASSIGN_OR_RETURN(auto conn, db_->Connect());
    ASSIGN_OR_RETURN(int written, PublishDemoDeliveries(*conn, connector_, root_, clock_->Now()));
    (void)written;
  }
  LocalDirectoryStore store(folder_);
  ASSIGN_OR_RETURN(std::vector<ObjectInfo> listing, store.List(""));
  // "BILLING_PERIOD=YYYY-MM/<delivery>/part-*.parquet": the newest delivery of each period.
  std::map<std::string, std::pair<std::string, std::vector<ObjectInfo>>> newest;  // period -> (delivery, files)
  for (const auto& o : listing) {
    if (o.key.size() < 8 || o.key.compare(o.key.size() - 8, 8, ".parquet") != 0) continue;
    auto slash1 = o.key.find('/');
    auto slash2 = slash1 == std::string::npos ? std::string::npos : o.key.find('/', slash1 + 1);
    if (slash2 == std::string::npos || o.key.rfind("BILLING_PERIOD=", 0) != 0) continue;
    std::string period = o.key.substr(15, slash1 - 15);
    std::string delivery = o.key.substr(slash1 + 1, slash2 - slash1 - 1);
    auto& slot = newest[period];
    if (delivery > slot.first) slot = {delivery, {}};
    if (delivery == slot.first) slot.second.push_back(o);
  }
  std::vector<PeriodDelivery> out;
  for (auto& [period, d] : newest) {
    PeriodDelivery p;
    p.billing_period = period;
    p.delivery_id = period + "/" + d.first;
    for (const auto& f : d.second) p.delivery_id += "/" + f.key + ":" + f.etag;
    p.files = std::move(d.second);
    p.format = FileFormat::kParquet;
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<std::string>> DemoBillingSource::Fetch(const PeriodDelivery& delivery, const std::string& dir) {
  LocalDirectoryStore store(folder_);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::vector<std::string> paths;
  for (size_t i = 0; i < delivery.files.size(); ++i) {
    std::string path = dir + "/part-" + std::to_string(i) + ".parquet";
    RETURN_IF_ERROR(store.Download(delivery.files[i], path));
    paths.push_back(path);
  }
  return paths;
}

ConnectionReport DemoBillingSource::TestConnection() {
  ConnectionReport report;
  ConnectionStep open{"Open the demo export folder", std::filesystem::is_directory(folder_), "", ""};
  open.message = open.ok ? "demo cloud folder " + folder_ : "no demo cloud folder at " + folder_;
  if (!open.ok) open.hint = "restart focusd with --demo to recreate the demo exports";
  report.steps.push_back(open);
  if (!open.ok) return report;
  auto found = Discover();
  ConnectionStep deliveries{"Find a delivery", found.ok() && !found->empty(), "", ""};
  deliveries.message = !found.ok() ? found.status().message()
                                   : std::to_string(found->size()) + " billing period(s) delivered";
  if (!deliveries.ok) deliveries.hint = "restart focusd with --demo to recreate the demo exports";
  report.steps.push_back(deliveries);
  report.ok = deliveries.ok;
  return report;
}

SourceFactories WithDemoSources(SourceFactories real, std::shared_ptr<DuckDatabase> db, std::string root,
                                const TimeSource* clock) {
  auto shared_real = std::make_shared<SourceFactories>(std::move(real));
  SourceFactories out;
  for (Provider p : {Provider::kAws, Provider::kAzure, Provider::kGcp, Provider::kOci}) {
    out.Register(p, [shared_real, db, root, clock](const Connector& c,
                                                    const nlohmann::json& secret) -> Result<std::unique_ptr<BillingSource>> {
      if (std::filesystem::is_directory(DemoCloudFolder(root, c.id)))
        return std::unique_ptr<BillingSource>(new DemoBillingSource(db, c, root, clock));
      return shared_real->Make(c, secret);
    });
  }
  return out;
}

}  // namespace focusd
