#include "auth/azure_shared_key.h"
#include "http/header_value.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

namespace focusd {
namespace {


std::string HeaderValue(const SharedKeyRequest& r, const std::string& name) {
  std::string want = LowerAscii(name);
  for (const auto& [k, v] : r.headers)
    if (LowerAscii(k) == want) return v;
  return "";
}

Result<std::string> DecodeBase64(const std::string& in) {
  if (in.empty() || in.size() % 4 != 0) return Status::InvalidArgument("the account key is not base64", "account_key");
  std::string out(in.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) return Status::InvalidArgument("the account key is not base64", "account_key");
  size_t pad = 0;
  if (in.back() == '=') ++pad;
  if (in.size() >= 2 && in[in.size() - 2] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

std::string EncodeBase64(const unsigned char* data, size_t len) {
  std::string out(4 * ((len + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(len));
  return out;
}

}  // namespace

std::string SharedKeyStringToSign(const SharedKeyRequest& r) {
  std::string s = r.method + "\n";
  for (const char* name : {"Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type",
                           "Date", "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since",
                           "Range"}) {
    std::string v = HeaderValue(r, name);
    if (std::string(name) == "Content-Length" && v == "0") v.clear();  // empty when zero (2015-02-21+)
    s += v + "\n";
  }
  std::map<std::string, std::string> ms;
  for (const auto& [k, v] : r.headers) {
    std::string name = LowerAscii(k);
    if (name.rfind("x-ms-", 0) == 0) ms[name] = FoldHeaderWhitespace(v);
  }
  for (const auto& [k, v] : ms) s += k + ":" + v + "\n";
  s += "/" + r.account + r.path;
  std::map<std::string, std::vector<std::string>> q;
  for (const auto& [k, v] : r.query) q[LowerAscii(k)].push_back(v);
  for (auto& [k, values] : q) {
    std::sort(values.begin(), values.end());
    s += "\n" + k + ":";
    for (size_t i = 0; i < values.size(); ++i) s += (i ? "," : "") + values[i];
  }
  return s;
}

Result<std::string> SharedKeyAuthorization(const SharedKeyRequest& r, const SecretString& account_key) {
  ASSIGN_OR_RETURN(std::string key, DecodeBase64(account_key.Reveal()));
  std::string sts = SharedKeyStringToSign(r);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(sts.data()),
            sts.size(), mac, &mac_len)) {
    return Status::Internal("HMAC-SHA256 failed");
  }
  std::fill(key.begin(), key.end(), '\0');
  return "SharedKey " + r.account + ":" + EncodeBase64(mac, mac_len);
}

std::string HttpDate(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

}  // namespace focusd
