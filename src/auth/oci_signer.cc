#include "auth/oci_signer.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cstring>

#include "http/http_date.h"

namespace focusd {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Base64(const unsigned char* data, size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(len);
  return out;
}

std::optional<std::string> FindHeader(const HttpRequest& req, const std::string& lower_name) {
  for (const auto& [k, v] : req.headers)
    if (Lower(k) == lower_name) return v;
  return std::nullopt;
}

struct PassphraseRequest {
  const std::string* passphrase;
  bool asked = false;
};

// Never lets OpenSSL fall back to prompting on the terminal: an encrypted key with no
// passphrase fails instead.
int PassphraseCallback(char* buf, int size, int, void* userdata) {
  auto* request = static_cast<PassphraseRequest*>(userdata);
  request->asked = true;
  const std::string& pass = *request->passphrase;
  if (pass.empty() || pass.size() > static_cast<size_t>(size)) return -1;
  std::memcpy(buf, pass.data(), pass.size());
  return static_cast<int>(pass.size());
}

}  // namespace

std::string OciKeyId(const std::string& tenancy_ocid, const std::string& user_ocid, const std::string& fingerprint) {
  return tenancy_ocid + "/" + user_ocid + "/" + fingerprint;
}

bool OciMethodSignsBody(const std::string& method) {
  std::string m = Lower(method);
  return m == "post" || m == "put" || m == "patch";
}

std::vector<std::string> OciRequiredSignedHeaders(const std::string& method) {
  std::vector<std::string> names = {"date", "(request-target)", "host"};
  if (OciMethodSignsBody(method)) {
    names.insert(names.end(), {"content-length", "content-type", "x-content-sha256"});
  }
  return names;
}

std::string OciRequestTarget(const std::string& method, const std::string& url) {
  size_t scheme = url.find("://");
  size_t start = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  std::string target;
  if (start == std::string::npos) {
    // "https://host?x" or "https://host": the path is "/".
    size_t q = url.find('?', scheme == std::string::npos ? 0 : scheme + 3);
    target = "/" + (q == std::string::npos ? std::string() : url.substr(q));
  } else {
    target = url.substr(start);
  }
  size_t hash = target.find('#');
  if (hash != std::string::npos) target.resize(hash);
  return Lower(method) + " " + target;
}

std::string UrlHost(const std::string& url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  return Lower(authority);
}

Result<std::string> OciSigningString(const std::vector<std::string>& names, const std::string& request_target,
                                     const std::function<std::optional<std::string>(const std::string&)>& header) {
  std::string out;
  for (const std::string& name : names) {
    std::string value;
    if (name == "(request-target)") {
      value = request_target;
    } else {
      auto v = header(name);
      if (!v) return Status::InvalidArgument("the request has no " + name + " header to sign", name);
      value = *v;
    }
    if (!out.empty()) out += "\n";
    out += name + ": " + value;
  }
  return out;
}

std::string OciContentSha256(std::string_view body) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(body.data(), body.size(), md, &len, EVP_sha256(), nullptr);
  return Base64(md, len);
}

Result<OciRequestSigner> OciRequestSigner::Create(std::string key_id, const SecretString& private_key_pem,
                                                  const SecretString& passphrase) {
  const std::string& pem = private_key_pem.Reveal();
  if (pem.find("PRIVATE KEY-----") == std::string::npos)
    return Status::InvalidArgument("the API key is not a PEM private key", "private_key");
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                &BIO_free);
  PassphraseRequest request{&passphrase.Reveal()};
  EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, PassphraseCallback, &request);
  ERR_clear_error();  // OpenSSL's queue must not leak into unrelated later calls
  if (!raw) {
    if (request.asked && passphrase.empty())
      return Status::InvalidArgument("the API key is encrypted and the secret has no passphrase", "passphrase");
    if (request.asked) return Status::InvalidArgument("the passphrase does not decrypt the API key", "passphrase");
    return Status::InvalidArgument("the API key cannot be read as a PEM private key", "private_key");
  }
  std::shared_ptr<EVP_PKEY> key(raw, &EVP_PKEY_free);
  if (EVP_PKEY_get_base_id(raw) != EVP_PKEY_RSA)
    return Status::InvalidArgument("the API key is not an RSA key (OCI signs with RSA)", "private_key");
  return OciRequestSigner(std::move(key_id), std::move(key));
}

Result<std::string> OciRequestSigner::SignString(const std::string& signing_string) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(signing_string.data()),
                     signing_string.size()) != 1) {
    ERR_clear_error();
    return Status::Internal("cannot sign the request with the API key");
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(signing_string.data()), signing_string.size()) != 1) {
    ERR_clear_error();
    return Status::Internal("cannot sign the request with the API key");
  }
  return Base64(reinterpret_cast<const unsigned char*>(sig.data()), len);
}

Status OciRequestSigner::Sign(HttpRequest& req, TimePoint now) const {
  // Signing twice replaces the earlier signature rather than sending two.
  std::erase_if(req.headers, [](const auto& h) { return Lower(h.first) == "authorization"; });
  if (!FindHeader(req, "date")) req.headers.push_back({"date", FormatHttpDate(now)});
  if (!FindHeader(req, "host")) req.headers.push_back({"host", UrlHost(req.url)});
  if (OciMethodSignsBody(req.method)) {
    if (!FindHeader(req, "content-type")) req.headers.push_back({"content-type", "application/json"});
    if (!FindHeader(req, "content-length"))
      req.headers.push_back({"content-length", std::to_string(req.body.size())});
    if (!FindHeader(req, "x-content-sha256")) req.headers.push_back({"x-content-sha256", OciContentSha256(req.body)});
  }
  std::vector<std::string> names = OciRequiredSignedHeaders(req.method);
  ASSIGN_OR_RETURN(std::string signing_string,
                   OciSigningString(names, OciRequestTarget(req.method, req.url),
                                    [&](const std::string& n) { return FindHeader(req, n); }));
  ASSIGN_OR_RETURN(std::string signature, SignString(signing_string));
  std::string header_list;
  for (const auto& n : names) header_list += (header_list.empty() ? "" : " ") + n;
  req.headers.push_back({"authorization", "Signature version=\"1\",headers=\"" + header_list + "\",keyId=\"" +
                                              key_id_ + "\",algorithm=\"rsa-sha256\",signature=\"" + signature +
                                              "\""});
  return Status::Ok();
}

}  // namespace focusd
