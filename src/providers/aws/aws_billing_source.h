// BillingSource for AWS: focusd assumes the customer's role (arn:aws:iam::<account_id>:role/
// <role_name>, proving the connector's external_id), reads the bucket with the role's
// temporary credentials, and finds the Data Exports FOCUS deliveries under the path
// (aws_export_layout.h): the newest complete delivery of each billing period.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "auth/aws_credentials.h"
#include "core/time.h"
#include "http/retry_policy.h"
#include "providers/billing_source.h"

namespace focusd {

class S3ObjectStore;

// The AWS connector's fields: account_id, bucket, path, file_type (parquet | csv_gzip),
// role_name (default focusd-billing-reader), external_id.
struct AwsConnectorConfig {
  std::string account_id;
  std::string bucket;
  std::string path;  // the export's S3 prefix; leading/trailing '/' ignored
  FileFormat file_type = FileFormat::kParquet;
  std::string role_name = "focusd-billing-reader";
  std::string external_id;

  // Reads the connector's "fields" object; errors name the field.
  static Result<AwsConnectorConfig> FromFields(const nlohmann::json& fields);
};

struct AwsSourceOptions {
  EnvLookup env = ProcessEnvLookup();
  const TimeSource* clock = &TimeSource::System();
  RetryPolicy retry;
  // focusd's own identity; nullptr: the default chain (environment, profile, IMDS).
  std::shared_ptr<AwsCredentialsProvider> identity;
  // Wraps the S3 store before use (tests put a FaultInjectingStore around it).
  std::function<std::shared_ptr<ObjectStore>(std::shared_ptr<ObjectStore>)> wrap_store;
};

class AwsBillingSource : public BillingSource {
 public:
  AwsBillingSource(AwsConnectorConfig config, AwsSourceOptions options = {});
  ~AwsBillingSource() override;

  Result<std::vector<PeriodDelivery>> Discover() override;
  Result<std::vector<std::string>> Fetch(const PeriodDelivery& delivery, const std::string& dir) override;
  ConnectionReport TestConnection() override;

  std::string RoleArn() const;

 private:
  std::string Prefix() const;  // "path/" or "" for the whole bucket
  std::string Where() const;   // "s3://bucket/path/" for messages
  Result<std::string> ReadSmallObject(const ObjectInfo& object);

  AwsConnectorConfig config_;
  AwsSourceOptions options_;
  std::shared_ptr<AwsCredentialsProvider> role_credentials_;
  std::shared_ptr<S3ObjectStore> s3_;
  std::shared_ptr<ObjectStore> store_;  // s3_, possibly wrapped
};

}  // namespace focusd
