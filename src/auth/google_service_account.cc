#include "auth/google_service_account.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "auth/base64url.h"
#include "http/url_encode.h"

namespace focusd {
namespace {

using json = nlohmann::json;

Result<std::string> Member(const json& key, const char* name) {
  auto it = key.find(name);
  if (it == key.end() || !it->is_string() || it->get<std::string>().empty())
    return Status::InvalidArgument(std::string("service account key has no \"") + name + "\"", "key_json");
  return it->get<std::string>();
}

Result<std::string> SignRs256(const SecretString& pem, const std::string& input) {
  const std::string& text = pem.Reveal();
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())),
                                                &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!pkey) return Status::InvalidArgument("service account private_key is not a PEM private key", "key_json");
  if (EVP_PKEY_base_id(pkey.get()) != EVP_PKEY_RSA)
    return Status::InvalidArgument("service account private_key is not an RSA key", "key_json");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  size_t len = 0;
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1)
    return Status::Internal("cannot sign the service account assertion");
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
    return Status::Internal("cannot sign the service account assertion");
  sig.resize(len);
  return sig;
}

}  // namespace

Result<ServiceAccountKey> ServiceAccountKey::Parse(const std::string& key_json) {
  // No exceptions: nlohmann's parse_error quotes the text around the error (the key).
  json key = json::parse(key_json, nullptr, /*allow_exceptions=*/false);
  if (key.is_discarded() || !key.is_object())
    return Status::InvalidArgument("service account key is not a JSON object", "key_json");
  auto type = key.find("type");
  if (type == key.end() || *type != "service_account")
    return Status::InvalidArgument("service account key must have \"type\": \"service_account\"", "key_json");
  ServiceAccountKey out;
  ASSIGN_OR_RETURN(out.client_email, Member(key, "client_email"));
  ASSIGN_OR_RETURN(std::string pem, Member(key, "private_key"));
  out.private_key = SecretString(std::move(pem));
  ASSIGN_OR_RETURN(out.token_uri, Member(key, "token_uri"));
  if (auto it = key.find("project_id"); it != key.end() && it->is_string()) out.project_id = *it;
  if (auto it = key.find("private_key_id"); it != key.end() && it->is_string()) out.private_key_id = *it;
  return out;
}

Result<ServiceAccountKey> ServiceAccountKey::FromSecretValue(const nlohmann::json& value) {
  if (!value.is_object() || !value.contains("key_json") || !value["key_json"].is_string())
    return Status::InvalidArgument("secret has no key_json (expected kind gcp_service_account)", "key_json");
  return Parse(value["key_json"].get<std::string>());
}

Result<SecretString> SignServiceAccountJwt(const ServiceAccountKey& key, const std::vector<std::string>& scopes,
                                           const std::string& audience, TimePoint now) {
  json header = {{"alg", "RS256"}, {"typ", "JWT"}};
  if (!key.private_key_id.empty()) header["kid"] = key.private_key_id;
  std::string scope;
  for (const auto& s : scopes) scope += (scope.empty() ? "" : " ") + s;
  int64_t iat = ToUnixSeconds(now);
  json claims = {{"iss", key.client_email}, {"scope", scope}, {"aud", audience}, {"iat", iat}, {"exp", iat + 3600}};
  std::string input = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
  ASSIGN_OR_RETURN(std::string sig, SignRs256(key.private_key, input));
  return SecretString(input + "." + Base64UrlEncode(sig));
}

GoogleTokenSource::GoogleTokenSource(ServiceAccountKey key, std::vector<std::string> scopes, const TimeSource& clock,
                                     RetryPolicy policy, std::string token_uri)
    : key_(std::move(key)), scopes_(std::move(scopes)), clock_(clock), policy_(std::move(policy)),
      token_uri_(token_uri.empty() ? key_.token_uri : std::move(token_uri)) {}

void GoogleTokenSource::Invalidate() {
  std::lock_guard lock(mu_);
  token_ = SecretString();
  expires_at_ = {};
}

Result<SecretString> GoogleTokenSource::Token() {
  std::lock_guard lock(mu_);
  TimePoint now = clock_.Now();
  if (!token_.empty() && now + kRefreshMargin < expires_at_) return token_;
  ASSIGN_OR_RETURN(SecretString assertion, SignServiceAccountJwt(key_, scopes_, token_uri_, now));
  std::string body = "grant_type=" + UriEncode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
                     "&assertion=" + UriEncode(assertion.Reveal());
  SecretString form(std::move(body));
  auto resp = SendWithRetry(
      [&]() -> Result<HttpResponse> {
        HttpRequest req;
        req.method = "POST";
        req.url = token_uri_;
        req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
        req.body = form.Reveal();
        return HttpClient::Send(req);
      },
      policy_);
  if (!resp.ok()) return resp.status().WithContext("fetching an access token for " + key_.client_email);
  json doc = json::parse(resp->body, nullptr, false);
  if (resp->status != 200) {
    std::string why = "HTTP " + std::to_string(resp->status);
    if (doc.is_object() && doc.contains("error") && doc["error"].is_string()) {
      why = doc["error"].get<std::string>();
      if (doc.contains("error_description") && doc["error_description"].is_string())
        why += ": " + doc["error_description"].get<std::string>();
    }
    Status st(resp->status >= 500 ? StatusCode::kUnavailable : StatusCode::kUnauthenticated,
              "the token endpoint refused the service account key of " + key_.client_email + " (" + why + ")");
    return st;
  }
  if (!doc.is_object() || !doc.contains("access_token") || !doc["access_token"].is_string())
    return Status::Unauthenticated("the token endpoint's answer has no access_token");
  int64_t expires_in = 3600;
  if (doc.contains("expires_in") && doc["expires_in"].is_number_integer()) expires_in = doc["expires_in"];
  token_ = SecretString(doc["access_token"].get<std::string>());
  expires_at_ = now + std::chrono::seconds(expires_in);
  return token_;
}

}  // namespace focusd
