// STS AssumeRole over the query API: focusd's own identity becomes the customer's role
// (arn:aws:iam::<AccountId>:role/<RoleName>) for a while, proving the connector's ExternalId.
// The temporary credentials are cached and renewed before they expire
// (RefreshingCredentialsProvider over AssumeRoleCredentialsProvider).
#pragma once

#include <memory>
#include <string>

#include "auth/aws_credentials.h"
#include "auth/aws_endpoints.h"
#include "core/time.h"
#include "http/retry_policy.h"

namespace focusd {

struct AssumeRoleRequest {
  std::string role_arn;
  std::string external_id;   // not a secret: it is in the customer's trust policy
  std::string session_name = "focusd";
  int duration_seconds = 3600;
};

std::string AwsRoleArn(const std::string& account_id, const std::string& role_name);

class StsClient {
 public:
  StsClient(AwsEndpoint endpoint, std::string region, std::shared_ptr<AwsCredentialsProvider> identity,
            const TimeSource& clock, RetryPolicy retry = {});
  // kPermissionDenied when STS refuses (trust policy, external id); kUnauthenticated when
  // focusd's own identity is refused; kUnavailable when STS cannot be reached.
  Result<AwsCredentials> AssumeRole(const AssumeRoleRequest& request);

 private:
  AwsEndpoint endpoint_;
  std::string region_;
  std::shared_ptr<AwsCredentialsProvider> identity_;
  const TimeSource& clock_;
  RetryPolicy retry_;
};

class AssumeRoleCredentialsProvider : public AwsCredentialsProvider {
 public:
  AssumeRoleCredentialsProvider(std::shared_ptr<StsClient> sts, AssumeRoleRequest request)
      : sts_(std::move(sts)), request_(std::move(request)) {}
  Result<AwsCredentials> Get() override { return sts_->AssumeRole(request_); }

 private:
  std::shared_ptr<StsClient> sts_;
  AssumeRoleRequest request_;
};

// The customer's role, cached and refreshed five minutes before expiry.
std::shared_ptr<AwsCredentialsProvider> AssumedRoleCredentials(std::shared_ptr<StsClient> sts,
                                                               AssumeRoleRequest request, const TimeSource& clock);

// The Code and Message of an AWS XML error document (S3's <Error> or the query API's
// <ErrorResponse><Error>); empty strings when the body is not one.
struct AwsErrorDocument {
  std::string code;
  std::string message;
  std::string region;  // S3 <Region>, when present
};
AwsErrorDocument ParseAwsError(const std::string& body);

}  // namespace focusd
