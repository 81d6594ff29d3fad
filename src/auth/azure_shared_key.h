// Azure Storage Shared Key authorization (the "SharedKey" scheme, versions 2009-09-19 and
// later): an HMAC-SHA256, under the storage account key, of a canonical string built from
// the request's verb, standard headers, x-ms-* headers and resource.
// Reference: "Authorize with Shared Key" (learn.microsoft.com/rest/api/storageservices).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/secret_string.h"
#include "core/status.h"

namespace focusd {

struct SharedKeyRequest {
  std::string method = "GET";
  std::string account;
  // The URL path exactly as sent (percent-encoded), starting with '/'. For path-style
  // endpoints (Azurite) it includes the account segment: "/devstoreaccount1/container".
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;    // decoded names and values
  std::vector<std::pair<std::string, std::string>> headers;  // as sent (x-ms-date, x-ms-version, Range, ...)
};

// The string to sign: VERB, the eleven standard headers (Content-Length empty when 0),
// the canonicalized x-ms-* headers and the canonicalized resource.
std::string SharedKeyStringToSign(const SharedKeyRequest& request);

// The Authorization header value "SharedKey <account>:<base64 signature>". The key is the
// base64 account key; a key that does not decode is InvalidArgument on field "account_key"
// (the message never shows the key).
Result<std::string> SharedKeyAuthorization(const SharedKeyRequest& request, const SecretString& account_key);

// RFC 1123 date for x-ms-date ("Sun, 11 Oct 2009 21:49:13 GMT").
std::string HttpDate(std::chrono::system_clock::time_point t);

}  // namespace focusd
