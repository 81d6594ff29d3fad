// A loopback port for a test server to listen on.
#pragma once

namespace focusd::testing {

// A port the kernel just handed out (and we released): free unless someone races us for it.
int PickFreeLoopbackPort();

}  // namespace focusd::testing
