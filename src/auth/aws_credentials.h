// focusd's own AWS identity (the one that assumes customers' roles) and the providers that
// find it: environment variables, the shared credentials/config files with profiles, and the
// EC2 instance metadata service (IMDSv2). A chain tries them in that order, like the SDKs.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/secret_string.h"
#include "core/status.h"
#include "core/time.h"

namespace focusd {

struct AwsCredentials {
  std::string access_key_id;  // not a secret: it names the key in CloudTrail and errors
  SecretString secret_access_key;
  SecretString session_token;          // empty for long-term keys
  std::optional<TimePoint> expiration;  // for temporary credentials
  std::string source;                   // "environment", "profile default", "imds", "assume-role ..."
};

// Reads an environment variable; injectable so tests never touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup ProcessEnvLookup();
// An EnvLookup over a fixed map (tests).
EnvLookup FixedEnvironment(std::vector<std::pair<std::string, std::string>> vars);

class AwsCredentialsProvider {
 public:
  virtual ~AwsCredentialsProvider() = default;
  // kNotFound when this provider has nothing (the chain moves on); other errors are real.
  virtual Result<AwsCredentials> Get() = 0;
  // The credentials were refused as expired: drop any cached copy.
  virtual void Invalidate() {}
};

// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN.
class EnvironmentCredentialsProvider : public AwsCredentialsProvider {
 public:
  explicit EnvironmentCredentialsProvider(EnvLookup env) : env_(std::move(env)) {}
  Result<AwsCredentials> Get() override;

 private:
  EnvLookup env_;
};

// The profile AWS_PROFILE (or "default") from AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials)
// and then AWS_CONFIG_FILE (~/.aws/config, where sections are "[profile name]").
class ProfileCredentialsProvider : public AwsCredentialsProvider {
 public:
  explicit ProfileCredentialsProvider(EnvLookup env) : env_(std::move(env)) {}
  Result<AwsCredentials> Get() override;

 private:
  EnvLookup env_;
};

// EC2 instance metadata, IMDSv2: a session token from PUT /latest/api/token, then the role's
// credentials. AWS_EC2_METADATA_SERVICE_ENDPOINT overrides the address (tests);
// AWS_EC2_METADATA_DISABLED=true turns it off.
class ImdsCredentialsProvider : public AwsCredentialsProvider {
 public:
  explicit ImdsCredentialsProvider(EnvLookup env) : env_(std::move(env)) {}
  Result<AwsCredentials> Get() override;

 private:
  EnvLookup env_;
};

// Tries each provider in order; the first that has credentials wins.
class ChainCredentialsProvider : public AwsCredentialsProvider {
 public:
  explicit ChainCredentialsProvider(std::vector<std::shared_ptr<AwsCredentialsProvider>> providers)
      : providers_(std::move(providers)) {}
  Result<AwsCredentials> Get() override;
  void Invalidate() override;

 private:
  std::vector<std::shared_ptr<AwsCredentialsProvider>> providers_;
};

// Caches what `inner` returns and asks again `refresh_margin` before it expires (or after
// Invalidate), so a long download never starts with credentials about to lapse.
class RefreshingCredentialsProvider : public AwsCredentialsProvider {
 public:
  RefreshingCredentialsProvider(std::shared_ptr<AwsCredentialsProvider> inner, const TimeSource& clock,
                                std::chrono::seconds refresh_margin = std::chrono::minutes(5))
      : inner_(std::move(inner)), clock_(clock), margin_(refresh_margin) {}
  Result<AwsCredentials> Get() override;
  void Invalidate() override;

 private:
  std::shared_ptr<AwsCredentialsProvider> inner_;
  const TimeSource& clock_;
  std::chrono::seconds margin_;
  std::mutex mu_;
  std::optional<AwsCredentials> cached_;
};

// Environment, then profile, then IMDS, cached and refreshed.
std::shared_ptr<AwsCredentialsProvider> DefaultCredentialsChain(EnvLookup env, const TimeSource& clock);

// focusd's own region: AWS_REGION, AWS_DEFAULT_REGION, the profile's "region", else us-east-1.
std::string DefaultRegion(const EnvLookup& env);

}  // namespace focusd
