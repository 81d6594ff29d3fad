// AWS Signature Version 4, written out per AWS's rules so every byte of the canonical request
// is ours to test (libcurl only sends). Paths and query values are given *unencoded*; the
// signer encodes them exactly once (RFC 3986 unreserved characters kept, '/' kept in paths),
// which is S3's rule and, for the already-decoded paths we sign, what every other service
// expects too. The same encoded strings go into the URL, so what is signed is what is sent.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "auth/aws_credentials.h"
#include "core/status.h"
#include "core/time.h"
#include "http/http_client.h"

namespace focusd {
namespace sigv4 {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// RFC 3986 percent-encoding: A-Z a-z 0-9 - _ . ~ are kept, everything else becomes %XX
// (upper-case hex, UTF-8 bytes); '/' is kept only when `keep_slash`.
std::string UriEncode(const std::string& s, bool keep_slash);
std::string UriDecode(const std::string& s, bool plus_is_space);
std::string Sha256Hex(const std::string& data);
std::string HmacSha256(const std::string& key, const std::string& data);  // raw bytes
std::string HexEncode(const std::string& bytes);
std::string AmzDate(TimePoint t);  // "20150830T123600Z"
std::string CanonicalQueryString(const std::vector<std::pair<std::string, std::string>>& query);

}  // namespace sigv4


// One request to sign. `host` is the Host header value (with ":port" when not the scheme's
// default). `payload_sha256` is the hex SHA-256 of the body, or "UNSIGNED-PAYLOAD".
struct SigV4Request {
  std::string method = "GET";
  std::string host;
  std::string path = "/";                                    // unencoded
  std::vector<std::pair<std::string, std::string>> query;     // unencoded name/value pairs
  sigv4::HeaderList headers;                                         // extra headers, all signed
  std::string payload_sha256;
};

struct SigV4Scope {
  std::string region;
  std::string service;  // "s3", "sts", ...
  // S3 wants x-amz-content-sha256 on every request; other services don't need it.
  bool add_content_sha256_header = false;
};

// The pieces of the signature, exposed so tests can compare them with the published suite.
struct SigV4Result {
  std::string canonical_request;
  std::string string_to_sign;
  std::string authorization;  // the Authorization header value
  sigv4::HeaderList headers;         // every header to send: host, x-amz-date, [token], [sha256], extra, authorization
};

// Signs `request` at time `now`. The session token, when the credentials carry one, is added
// as X-Amz-Security-Token and signed.
SigV4Result SignV4(const SigV4Request& request, const AwsCredentials& credentials, const SigV4Scope& scope,
                   TimePoint now);

// Builds a ready-to-send HttpRequest for `endpoint` (scheme://host[:port]): encodes path and
// query into the URL and signs with the body's hash.
HttpRequest BuildSignedRequest(const std::string& endpoint, const std::string& method, const std::string& path,
                               const std::vector<std::pair<std::string, std::string>>& query,
                               const sigv4::HeaderList& headers, const std::string& body,
                               const AwsCredentials& credentials, const SigV4Scope& scope, TimePoint now);

}  // namespace focusd
