#include "auth/aws_endpoints.h"

#include <algorithm>
#include <cctype>

namespace focusd {
namespace {

std::string Strip(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

AwsEndpoint ResolveAwsEndpoint(const std::string& service, const std::string& region, const EnvLookup& env) {
  std::string var = "AWS_ENDPOINT_URL_" + service;
  std::transform(var.begin(), var.end(), var.begin(), [](unsigned char c) { return std::toupper(c); });
  for (const std::string& name : {var, std::string("AWS_ENDPOINT_URL")}) {
    if (auto v = env(name); v && !v->empty()) return {Strip(*v), true};
  }
  std::string suffix = region.rfind("cn-", 0) == 0 ? ".amazonaws.com.cn" : ".amazonaws.com";
  return {"https://" + service + "." + region + suffix, false};
}

bool BucketNeedsPathStyle(const std::string& bucket) { return bucket.find('.') != std::string::npos; }

std::string VirtualHostedS3Url(const std::string& bucket, const std::string& region) {
  std::string suffix = region.rfind("cn-", 0) == 0 ? ".amazonaws.com.cn" : ".amazonaws.com";
  return "https://" + bucket + ".s3." + region + suffix;
}

}  // namespace focusd
