// OCI API request signing, signature version 1: draft-cavage-http-signatures-08 with
// RSA-SHA256 over a signing string of the request's "date (request-target) host" headers, plus
// "content-length content-type x-content-sha256" for requests with a body, sent as
//   Authorization: Signature version="1",headers="...",keyId="<tenancy>/<user>/<fingerprint>",
//                  algorithm="rsa-sha256",signature="<base64>"
// (https://docs.oracle.com/en-us/iaas/Content/API/Concepts/signingrequests.htm). The signing
// string builder is shared with the test server's verifier, so both read the same rules.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/secret_string.h"
#include "core/status.h"
#include "core/time.h"
#include "http/http_client.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace focusd {

// "<tenancy OCID>/<user OCID>/<fingerprint>": which API key a request is signed with.
std::string OciKeyId(const std::string& tenancy_ocid, const std::string& user_ocid, const std::string& fingerprint);

// The headers OCI requires in the signature for `method`, in the documented order.
std::vector<std::string> OciRequiredSignedHeaders(const std::string& method);
// True for the methods whose body OCI signs (POST, PUT, PATCH).
bool OciMethodSignsBody(const std::string& method);

// "get /n/bling/b/x/o?prefix=a": the (request-target) pseudo-header, from the method and the
// URL's path and query exactly as sent (already percent-encoded).
std::string OciRequestTarget(const std::string& method, const std::string& url);
// "objectstorage.us-ashburn-1.oraclecloud.com" (with ":port" when the URL names one).
std::string UrlHost(const std::string& url);

// The signing string: one "name: value" line per header in `names`, joined by "\n";
// "(request-target)" is `request_target`, other values come from `header` (case-insensitive
// lookup by lower-case name). kInvalidArgument naming the header when one is missing.
Result<std::string> OciSigningString(const std::vector<std::string>& names, const std::string& request_target,
                                     const std::function<std::optional<std::string>(const std::string&)>& header);

// Base64 of SHA-256 of `body`: the x-content-sha256 header.
std::string OciContentSha256(std::string_view body);

class OciRequestSigner {
 public:
  // Loads the API signing key (PKCS#1 or PKCS#8 PEM, encrypted ones with `passphrase`). Errors
  // say what is wrong with the key (not a key, needs a passphrase, wrong passphrase, not RSA)
  // and never contain any of it.
  static Result<OciRequestSigner> Create(std::string key_id, const SecretString& private_key_pem,
                                         const SecretString& passphrase = SecretString());

  const std::string& key_id() const { return key_id_; }

  // Signs `request` in place: adds date (from `now`, unless the request has one), host (from
  // the URL, unless present), for POST/PUT/PATCH content-type (application/json),
  // content-length and x-content-sha256 when absent, then the Authorization header
  // (replacing an earlier one).
  Status Sign(HttpRequest& request, TimePoint now) const;

  // Base64 RSA-SHA256 (PKCS#1 v1.5) signature of `signing_string`.
  Result<std::string> SignString(const std::string& signing_string) const;

 private:
  OciRequestSigner(std::string key_id, std::shared_ptr<EVP_PKEY> key)
      : key_id_(std::move(key_id)), key_(std::move(key)) {}
  std::string key_id_;
  std::shared_ptr<EVP_PKEY> key_;
};

}  // namespace focusd
