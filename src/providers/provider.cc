#include "providers/provider.h"

#include <cctype>

namespace focusd {

const char* ProviderName(Provider p) {
  switch (p) {
    case Provider::kAws: return "AWS";
    case Provider::kAzure: return "Azure";
    case Provider::kGcp: return "GCP";
    case Provider::kOci: return "OCI";
  }
  return "unknown";
}

std::optional<Provider> ParseProvider(std::string_view name) {
  for (Provider p : AllProviders()) {
    std::string_view canonical = ProviderName(p);
    if (canonical.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < name.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(name[i])) ==
             std::tolower(static_cast<unsigned char>(canonical[i]));
    }
    if (same) return p;
  }
  return std::nullopt;
}

const std::vector<Provider>& AllProviders() {
  static const std::vector<Provider> kAll = {Provider::kAws, Provider::kAzure, Provider::kGcp,
                                             Provider::kOci};
  return kAll;
}

}  // namespace focusd
