// Where focusd sends AWS requests. The standard overrides AWS_ENDPOINT_URL_<SERVICE> and
// AWS_ENDPOINT_URL win over the regional defaults; that is how tests point focusd at a local
// emulator, and how a customer uses a VPC endpoint. A custom S3 endpoint means path-style
// addressing (bucket in the path), since it seldom has wildcard DNS for bucket names.
#pragma once

#include <string>

#include "auth/aws_credentials.h"

namespace focusd {

struct AwsEndpoint {
  std::string url;      // scheme://host[:port], no trailing slash
  bool custom = false;  // from an AWS_ENDPOINT_URL* override
};

// "s3" -> https://s3.<region>.amazonaws.com ; "sts" -> https://sts.<region>.amazonaws.com
// (the regional STS endpoint, never the global one). `service` is lower-case.
AwsEndpoint ResolveAwsEndpoint(const std::string& service, const std::string& region, const EnvLookup& env);

// The virtual-hosted base URL for `bucket` on AWS proper: https://<bucket>.s3.<region>.amazonaws.com.
// Bucket names with dots would break the TLS wildcard; they get path style instead.
std::string VirtualHostedS3Url(const std::string& bucket, const std::string& region);
bool BucketNeedsPathStyle(const std::string& bucket);

}  // namespace focusd
