#include "support/wait_for_server.h"

#include <sys/wait.h>

#include <chrono>
#include <thread>

namespace focusd::testing {

bool WaitForServer(pid_t* pid, const std::string& url, const std::function<bool(const HttpResponse&)>& ready) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(*pid, &status, WNOHANG) == *pid) {
      *pid = -1;
      return false;
    }
    HttpRequest req;
    req.url = url;
    req.connect_timeout = std::chrono::milliseconds(200);
    req.timeout = std::chrono::milliseconds(2000);
    auto r = HttpClient::Send(req);
    if (r.ok() && ready(*r)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling interval, not a sync
  }
  return false;
}

}  // namespace focusd::testing
