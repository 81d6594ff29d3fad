#include "http/retry_policy.h"

#include <spdlog/spdlog.h>

#include <random>
#include <thread>

namespace focusd {

bool IsRetryableHttpStatus(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int attempt) {
  auto cap = policy.initial_backoff * (1LL << std::min(attempt - 1, 20));
  if (cap > policy.max_backoff) cap = policy.max_backoff;
  thread_local std::mt19937_64 rng(std::random_device{}());
  std::uniform_int_distribution<int64_t> dist(cap.count() / 2, cap.count());
  return std::chrono::milliseconds(dist(rng));
}

Result<HttpResponse> SendWithRetry(const std::function<Result<HttpResponse>()>& attempt,
                                   const RetryPolicy& policy) {
  auto sleep = policy.sleep ? policy.sleep
                            : [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  for (int i = 1;; ++i) {
    Result<HttpResponse> r = attempt();
    bool retryable = r.ok() ? IsRetryableHttpStatus(r->status) : r.status().code() == StatusCode::kUnavailable;
    if (!retryable || i >= policy.max_attempts) return r;
    auto delay = BackoffDelay(policy, i);
    if (r.ok()) {
      auto it = r->headers.find("retry-after");
      if (it != r->headers.end()) {
        try {
          delay = std::max(delay, std::chrono::milliseconds(std::stoll(it->second) * 1000));
        } catch (...) {  // an HTTP date: keep the computed backoff
        }
      }
      if (delay > policy.max_backoff) delay = policy.max_backoff;
    }
    spdlog::warn("attempt {} failed ({}); retrying in {} ms", i,
                 r.ok() ? "HTTP " + std::to_string(r->status) : r.status().message(), delay.count());
    sleep(delay);
  }
}

}  // namespace focusd
