// A small blocking HTTP client over libcurl. Callers build the whole request (signing
// happens in src/auth before this); the client only sends it, with timeouts.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace focusd {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds connect_timeout{10000};
  // PEM file of CA certificates to trust instead of the system store (empty: system store).
  // For tests against emulators with a self-signed certificate, and private CAs.
  std::string ca_file;
};

// A request from its three usual parts (HttpRequest has defaulted members, so designated
// initializers would be the only other short form).
inline HttpRequest MakeHttpRequest(std::string method, std::string url, std::string body = "") {
  HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.body = std::move(body);
  return r;
}

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
};

class HttpClient {
 public:
  // Sends the request. A transport failure (refused, timeout, TLS) is kUnavailable naming the
  // host; any HTTP status, including 4xx/5xx, is a successful Result for the caller to judge.
  static Result<HttpResponse> Send(const HttpRequest& request);

  // Like Send, but the response body is written to `path` (appended when `append`, for a
  // Range resume) instead of HttpResponse::body. A non-2xx body is kept in memory instead, so
  // the caller can read the error document. A connection that breaks mid-body is kUnavailable;
  // what arrived before the break stays in the file.
  static Result<HttpResponse> SendToFile(const HttpRequest& request, const std::string& path, bool append);
};

}  // namespace focusd
