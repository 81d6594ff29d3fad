// Waits for a server process a test started to answer over HTTP: polls `url` until `ready`
// accepts a response, the process exits, or a generous bound passes.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

#include "http/http_client.h"

namespace focusd::testing {

// True once `ready` accepted a response from GET `url`. False when the process `*pid` exited
// first (then *pid is set to -1) or after 60 seconds.
bool WaitForServer(pid_t* pid, const std::string& url, const std::function<bool(const HttpResponse&)>& ready);

}  // namespace focusd::testing
