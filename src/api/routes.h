// Route registration, one function per resource (each in its own *_routes.cc).
#pragma once

#include <httplib.h>

#include "api/api_server.h"

namespace focusd {

void AddProviderRoutes(httplib::Server& server, const ApiContext& ctx);
void AddConnectorRoutes(httplib::Server& server, const ApiContext& ctx);
void AddSecretRoutes(httplib::Server& server, const ApiContext& ctx);
void AddSyncRoutes(httplib::Server& server, const ApiContext& ctx);
void AddTokenRoutes(httplib::Server& server, const ApiContext& ctx);
void AddStaticRoutes(httplib::Server& server);

}  // namespace focusd
