// Demo connectors for `make run` (focusd serve --demo): one per provider, with secrets whose
// values are well-formed (fresh RSA keys, random storage key) but grant access to nothing.
#pragma once

#include "catalog/connector_registry.h"

namespace focusd {

// Registers the demo connectors and their secrets unless connectors already exist; returns
// the connectors it registered (empty when there were connectors already).
Result<std::vector<Connector>> SeedDemoConnectors(Catalog* catalog, ConnectorRegistry* registry);

}  // namespace focusd
