#include "http/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace focusd {
namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t WriteBody(char* ptr, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(ptr, size * n);
  return size * n;
}

size_t WriteHeader(char* ptr, size_t size, size_t n, void* user) {
  std::string line(ptr, size * n);
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    std::string value = line.substr(colon + 1);
    size_t b = value.find_first_not_of(" \t");
    size_t e = value.find_last_not_of(" \t\r\n");
    value = b == std::string::npos ? "" : value.substr(b, e - b + 1);
    (*static_cast<std::map<std::string, std::string>*>(user))[name] = value;
  }
  return size * n;
}

// Host part of a URL for error messages (never the query, which may carry a SAS signature).
std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Sink for SendToFile: 2xx bodies stream to the file, anything else into memory.
struct FileSink {
  CURL* handle = nullptr;
  FILE* file = nullptr;
  std::string* memory = nullptr;
  bool decided = false;
  bool to_file = false;
};

size_t WriteToSink(char* ptr, size_t size, size_t n, void* user) {
  auto* sink = static_cast<FileSink*>(user);
  if (!sink->decided) {
    long code = 0;
    curl_easy_getinfo(sink->handle, CURLINFO_RESPONSE_CODE, &code);
    sink->to_file = code >= 200 && code < 300;
    sink->decided = true;
  }
  if (!sink->to_file) {
    sink->memory->append(ptr, size * n);
    return size * n;
  }
  return fwrite(ptr, size, n, sink->file) * size;
}

Result<HttpResponse> Perform(const HttpRequest& req, FileSink* sink);

}  // namespace

Result<HttpResponse> HttpClient::Send(const HttpRequest& req) { return Perform(req, nullptr); }

Result<HttpResponse> HttpClient::SendToFile(const HttpRequest& req, const std::string& path, bool append) {
  FILE* f = fopen(path.c_str(), append ? "ab" : "wb");
  if (!f) return Status::IoError("cannot write " + path);
  FileSink sink;
  sink.file = f;
  auto r = Perform(req, &sink);
  if (fclose(f) != 0 && r.ok()) return Status::IoError("cannot write " + path + " (disk full?)");
  return r;
}

namespace {

Result<HttpResponse> Perform(const HttpRequest& req, FileSink* sink) {
  GlobalInitOnce();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return Status::Internal("curl_easy_init failed");
  HttpResponse resp;
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  if (req.method == "HEAD") curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  if (!req.body.empty() || req.method == "POST" || req.method == "PUT") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
  }
  struct curl_slist* headers = nullptr;
  for (const auto& [k, v] : req.headers) headers = curl_slist_append(headers, (k + ": " + v).c_str());
  // Don't let curl add "Expect: 100-continue"; signed requests list their headers exactly.
  headers = curl_slist_append(headers, "Expect:");
  // Nor its default "Content-Type: application/x-www-form-urlencoded" for bodies: a header
  // the caller did not sign breaks Shared Key and similar signatures.
  bool has_content_type = false;
  for (const auto& h : req.headers) {
    std::string name = h.first;
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    has_content_type |= name == "content-type";
  }
  if (!has_content_type) headers = curl_slist_append(headers, "Content-Type:");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_guard(headers, &curl_slist_free_all);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  if (sink) {
    sink->handle = h;
    sink->memory = &resp.body;
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, WriteToSink);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, sink);
  } else {
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp.body);
  }
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &resp.headers);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(req.timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(req.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  if (!req.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, req.ca_file.c_str());
  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    return Status::Unavailable("cannot reach " + HostOf(req.url) + ": " + curl_easy_strerror(rc));
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp.status);
  return resp;
}

}  // namespace

}  // namespace focusd
