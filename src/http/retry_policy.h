// Retries with exponential backoff and full jitter for requests to cloud APIs: transport
// failures, 429 and 5xx are retried (honouring Retry-After); everything else is returned.
// The request is rebuilt for each attempt, so signed requests get a fresh signature.
#pragma once

#include <chrono>
#include <functional>

#include "http/http_client.h"

namespace focusd {

struct RetryPolicy {
  int max_attempts = 5;
  std::chrono::milliseconds initial_backoff{200};
  std::chrono::milliseconds max_backoff{20000};
  // Waits between attempts; tests replace it to record the delays instead of sleeping.
  std::function<void(std::chrono::milliseconds)> sleep;
};

bool IsRetryableHttpStatus(long status);

// Delay before attempt `attempt` (1-based count of failures so far), with full jitter.
std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int attempt);

// Calls `attempt` until it yields a non-retryable answer or attempts run out. The last
// answer (or transport error) is returned as is.
Result<HttpResponse> SendWithRetry(const std::function<Result<HttpResponse>()>& attempt,
                                   const RetryPolicy& policy = {});

}  // namespace focusd
