#include "storage/ranged_download.h"

#include <spdlog/spdlog.h>

#include <filesystem>

namespace focusd {
namespace {

int64_t FileSize(const std::string& path) {
  std::error_code ec;
  auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<int64_t>(n);
}

}  // namespace

Status DownloadWithResume(const std::function<Result<HttpRequest>(int64_t offset)>& make_request,
                          const std::string& local_path, int64_t expected_size, const std::string& describe,
                          const std::function<Status(const HttpResponse&)>& on_error,
                          const RetryPolicy& policy) {
  std::error_code ec;
  std::filesystem::remove(local_path, ec);
  bool ignored_range = false;
  // Each attempt starts where the file ends, so a connection that broke mid-body (retried by
  // SendWithRetry as kUnavailable) continues with a Range request instead of starting over.
  auto r = SendWithRetry(
      [&]() -> Result<HttpResponse> {
        int64_t have = FileSize(local_path);
        if (have > 0) spdlog::warn("resuming download of {} at byte {}", describe, have);
        if (expected_size >= 0 && have == expected_size && have > 0) {
          HttpResponse done;
          done.status = 206;
          return done;
        }
        ASSIGN_OR_RETURN(HttpRequest req, make_request(have));
        auto resp = HttpClient::SendToFile(req, local_path, /*append=*/have > 0);
        if (resp.ok() && resp->status == 200 && have > 0) ignored_range = true;
        return resp;
      },
      policy);
  if (!r.ok()) return r.status().WithContext("downloading " + describe);
  if (ignored_range) return Status::DataLoss(describe + ": the server ignored the Range header on resume");
  if (r->status != 200 && r->status != 206) return on_error(*r);
  int64_t have = FileSize(local_path);
  if (expected_size >= 0 && have != expected_size)
    return Status::DataLoss(describe + ": downloaded " + std::to_string(have) + " bytes, expected " +
                            std::to_string(expected_size));
  return Status::Ok();
}

}  // namespace focusd
