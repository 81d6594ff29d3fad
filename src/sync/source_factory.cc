#include "sync/source_factory.h"

namespace focusd {

Result<std::unique_ptr<BillingSource>> SourceFactories::Make(const Connector& c, const nlohmann::json& secret) const {
  auto it = factories_.find(c.provider);
  if (it == factories_.end())
    return Status::FailedPrecondition(std::string("syncing ") + ProviderName(c.provider) +
                                      " connectors is not available in this build");
  return it->second(c, secret);
}

}  // namespace focusd
