// Builds the BillingSource of a connector: provider → implementation, with the connector's
// fields and its secret's decrypted value. Tests and the demo register their own factories.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "providers/billing_source.h"

namespace focusd {

using BillingSourceFactory = std::function<Result<std::unique_ptr<BillingSource>>(
    const Connector& connector, const nlohmann::json& secret_value)>;

class SourceFactories {
 public:
  void Register(Provider p, BillingSourceFactory f) { factories_[p] = std::move(f); }
  Result<std::unique_ptr<BillingSource>> Make(const Connector& c, const nlohmann::json& secret) const;

 private:
  std::map<Provider, BillingSourceFactory> factories_;
};

}  // namespace focusd
