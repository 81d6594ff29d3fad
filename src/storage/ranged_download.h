// The resume loop every store's Download shares: fetch from the current offset with a Range
// request, append to the file, and on a broken connection continue from what arrived.
#pragma once

#include <functional>
#include <string>

#include "http/http_client.h"
#include "http/retry_policy.h"

namespace focusd {

// `make_request(offset)` builds (and signs) a GET for bytes [offset, end]; offset 0 may
// omit the Range header. `expected_size` is checked at the end. `describe` names the object
// in errors. Non-2xx answers come back through `on_error` to become the store's own Status.
Status DownloadWithResume(const std::function<Result<HttpRequest>(int64_t offset)>& make_request,
                          const std::string& local_path, int64_t expected_size, const std::string& describe,
                          const std::function<Status(const HttpResponse&)>& on_error,
                          const RetryPolicy& policy = {});

}  // namespace focusd
