// Calls to Google REST APIs (BigQuery, Cloud Storage) with a service account's bearer token:
// retried like every cloud call, and on 401 the token is fetched anew once (it may have been
// revoked or expired early). Google's error documents become Status values.
#pragma once

#include <functional>
#include <string>

#include "auth/google_service_account.h"
#include "http/http_client.h"
#include "http/retry_policy.h"

namespace focusd {

// `build` makes the request without authorization; the bearer header is added per attempt.
Result<HttpResponse> SendGoogleApi(GoogleTokenSource& tokens, const std::function<HttpRequest()>& build,
                                   const RetryPolicy& policy = {});

// The Status for a non-2xx answer, from {"error": {"code", "message", "status"}}: 401 →
// kUnauthenticated, 403 → kPermissionDenied, 404 → kNotFound, 409 → kAlreadyExists,
// 400 → kInvalidArgument, 412 → kFailedPrecondition, 429/5xx → kUnavailable. `what` says
// which call failed ("listing gs://bucket/prefix").
Status GoogleApiError(const HttpResponse& response, const std::string& what);

}  // namespace focusd
