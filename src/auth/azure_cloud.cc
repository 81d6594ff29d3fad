#include "auth/azure_cloud.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <regex>

namespace focusd {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string StripTrailingSlash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!host.empty() && host[0] == '[') return host.substr(1, host.find(']') - 1);
  size_t colon = host.rfind(':');
  return colon == std::string::npos ? host : host.substr(0, colon);
}

// Checks an endpoint URL: https anywhere, http only on loopback; no query or fragment.
Result<std::string> CheckEndpointUrl(const std::string& raw, const std::string& field) {
  std::string url = StripTrailingSlash(Trim(raw));
  std::string lower = Lower(url);
  bool https = lower.rfind("https://", 0) == 0;
  bool http = lower.rfind("http://", 0) == 0;
  if (!https && !http) return Status::InvalidArgument(field + " must be an http(s) URL", field);
  if (url.find_first_of("?#") != std::string::npos)
    return Status::InvalidArgument(field + " must not contain a query or fragment", field);
  if (HostOf(url).empty()) return Status::InvalidArgument(field + " has no host", field);
  if (http && !IsLoopbackUrl(url))
    return Status::InvalidArgument(field + " must use https (http only for a local emulator)", field);
  return url;
}

}  // namespace

bool IsLoopbackUrl(const std::string& url) {
  std::string host = Lower(HostOf(url));
  return host == "127.0.0.1" || host == "::1" || host == "localhost";
}

Result<AzureCloud> ParseAzureRegion(const std::string& region) {
  std::string r = Lower(Trim(region));
  if (r.empty() || r == "default" || r == "azurecloud" || r == "public") return AzureCloud::kPublic;
  if (r == "china" || r == "azurechinacloud") return AzureCloud::kChina;
  return Status::InvalidArgument("Region must be Default or China", "region");
}

Result<std::string> BlobEndpointFromConnectionString(const std::string& cs) {
  std::map<std::string, std::string> kv;
  size_t pos = 0;
  while (pos <= cs.size()) {
    size_t semi = cs.find(';', pos);
    std::string part = cs.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos);
    size_t eq = part.find('=');
    if (eq != std::string::npos) kv[Lower(Trim(part.substr(0, eq)))] = Trim(part.substr(eq + 1));
    if (semi == std::string::npos) break;
    pos = semi + 1;
  }
  if (kv.count("blobendpoint") && !kv["blobendpoint"].empty()) return kv["blobendpoint"];
  if (Lower(kv["usedevelopmentstorage"]) == "true") {
    std::string proxy = kv.count("developmentstorageproxyuri") ? kv["developmentstorageproxyuri"] : "http://127.0.0.1";
    return StripTrailingSlash(proxy) + ":10000/devstoreaccount1";
  }
  if (kv.count("accountname") && kv.count("endpointsuffix")) {
    std::string proto = kv.count("defaultendpointsprotocol") ? Lower(kv["defaultendpointsprotocol"]) : "https";
    return proto + "://" + kv["accountname"] + ".blob." + kv["endpointsuffix"];
  }
  return Status::InvalidArgument("the connection string names no BlobEndpoint", "blob_endpoint");
}

Result<AzureEndpoints> ResolveAzureEndpoints(AzureCloud cloud, const std::string& account,
                                             const AzureEndpointOverrides& overrides) {
  static const std::regex kAccount("^[a-z0-9]{3,24}$");
  if (!std::regex_match(account, kAccount))
    return Status::InvalidArgument("Storage account must be 3-24 lowercase letters and digits", "storage_account");
  AzureEndpoints e;
  const char* suffix = cloud == AzureCloud::kChina ? "core.chinacloudapi.cn" : "core.windows.net";
  e.authority_host = cloud == AzureCloud::kChina ? "https://login.chinacloudapi.cn" : "https://login.microsoftonline.com";
  e.blob_endpoint = "https://" + account + ".blob." + suffix;
  if (!Trim(overrides.blob_endpoint).empty()) {
    std::string value = Trim(overrides.blob_endpoint);
    if (value.find('=') != std::string::npos && value.find("://") > value.find('=')) {
      ASSIGN_OR_RETURN(value, BlobEndpointFromConnectionString(value));
    }
    ASSIGN_OR_RETURN(e.blob_endpoint, CheckEndpointUrl(value, "blob_endpoint"));
  }
  if (!Trim(overrides.authority_host).empty()) {
    ASSIGN_OR_RETURN(e.authority_host, CheckEndpointUrl(overrides.authority_host, "authority_host"));
  }
  return e;
}

AzureEndpointOverrides AzureEndpointOverridesFromEnv() {
  AzureEndpointOverrides o;
  if (const char* v = std::getenv("AZURE_AUTHORITY_HOST")) o.authority_host = v;
  if (const char* v = std::getenv("FOCUSD_AZURE_BLOB_ENDPOINT")) o.blob_endpoint = v;
  return o;
}

}  // namespace focusd
