#include "auth/sigv4_signer.h"
#include "http/header_value.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

namespace focusd {
namespace {

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}


}  // namespace

namespace sigv4 {

std::string UriEncode(const std::string& s, bool keep_slash) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (unsigned char c : s) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string UriDecode(const std::string& s, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string HexEncode(const std::string& bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  return HexEncode(std::string(reinterpret_cast<char*>(digest), len));
}

std::string HmacSha256(const std::string& key, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string AmzDate(TimePoint t) {
  std::time_t tt = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string CanonicalQueryString(const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [k, v] : query) encoded.emplace_back(UriEncode(k, false), UriEncode(v, false));
  std::sort(encoded.begin(), encoded.end());  // by encoded name, then value: byte order
  std::string out;
  for (const auto& [k, v] : encoded) {
    if (!out.empty()) out.push_back('&');
    out += k + "=" + v;
  }
  return out;
}

}  // namespace sigv4

using namespace sigv4;

namespace {
std::string DateStamp(TimePoint t) { return AmzDate(t).substr(0, 8); }
}  // namespace

SigV4Result SignV4(const SigV4Request& request, const AwsCredentials& credentials, const SigV4Scope& scope,
                   TimePoint now) {
  const std::string amz_date = AmzDate(now);
  HeaderList to_send;
  to_send.emplace_back("Host", request.host);
  to_send.emplace_back("X-Amz-Date", amz_date);
  if (!credentials.session_token.empty())
    to_send.emplace_back("X-Amz-Security-Token", credentials.session_token.Reveal());
  if (scope.add_content_sha256_header) to_send.emplace_back("x-amz-content-sha256", request.payload_sha256);
  for (const auto& h : request.headers) to_send.push_back(h);

  // Lower-cased names, sorted; repeated names join their values with ','.
  std::map<std::string, std::string> canonical;
  for (const auto& [name, value] : to_send) {
    std::string key = LowerAscii(name);
    auto it = canonical.find(key);
    if (it == canonical.end()) {
      canonical[key] = FoldHeaderWhitespace(value);
    } else {
      it->second += "," + FoldHeaderWhitespace(value);
    }
  }
  std::string canonical_headers, signed_headers;
  for (const auto& [k, v] : canonical) {
    canonical_headers += k + ":" + v + "\n";
    if (!signed_headers.empty()) signed_headers.push_back(';');
    signed_headers += k;
  }

  SigV4Result r;
  r.canonical_request = request.method + "\n" + UriEncode(request.path.empty() ? "/" : request.path, true) +
                        "\n" + CanonicalQueryString(request.query) + "\n" + canonical_headers + "\n" +
                        signed_headers + "\n" + request.payload_sha256;
  const std::string credential_scope =
      DateStamp(now) + "/" + scope.region + "/" + scope.service + "/aws4_request";
  r.string_to_sign =
      "AWS4-HMAC-SHA256\n" + amz_date + "\n" + credential_scope + "\n" + Sha256Hex(r.canonical_request);
  std::string key = HmacSha256("AWS4" + credentials.secret_access_key.Reveal(), DateStamp(now));
  key = HmacSha256(key, scope.region);
  key = HmacSha256(key, scope.service);
  key = HmacSha256(key, "aws4_request");
  const std::string signature = HexEncode(HmacSha256(key, r.string_to_sign));
  r.authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + credential_scope +
                    ", SignedHeaders=" + signed_headers + ", Signature=" + signature;
  r.headers = std::move(to_send);
  r.headers.emplace_back("Authorization", r.authorization);
  return r;
}

HttpRequest BuildSignedRequest(const std::string& endpoint, const std::string& method, const std::string& path,
                               const std::vector<std::pair<std::string, std::string>>& query,
                               const HeaderList& headers, const std::string& body,
                               const AwsCredentials& credentials, const SigV4Scope& scope, TimePoint now) {
  size_t scheme_end = endpoint.find("://");
  size_t host_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  size_t host_end = endpoint.find('/', host_start);
  std::string host = endpoint.substr(host_start, host_end == std::string::npos ? std::string::npos
                                                                                : host_end - host_start);
  // Host carries the port only when it is not the scheme's default, like curl sends it.
  if (endpoint.rfind("https://", 0) == 0 && host.size() > 4 && host.ends_with(":443")) host.resize(host.size() - 4);
  if (endpoint.rfind("http://", 0) == 0 && host.size() > 3 && host.ends_with(":80")) host.resize(host.size() - 3);

  SigV4Request req;
  req.method = method;
  req.host = host;
  req.path = path.empty() ? "/" : path;
  req.query = query;
  req.headers = headers;
  req.payload_sha256 = Sha256Hex(body);
  SigV4Result signed_req = SignV4(req, credentials, scope, now);

  HttpRequest out;
  out.method = method;
  std::string base = host_end == std::string::npos ? endpoint : endpoint.substr(0, host_end);
  out.url = base + UriEncode(req.path, true);
  std::string qs = CanonicalQueryString(query);
  if (!qs.empty()) out.url += "?" + qs;
  out.headers = std::move(signed_req.headers);
  out.body = body;
  return out;
}

}  // namespace focusd
