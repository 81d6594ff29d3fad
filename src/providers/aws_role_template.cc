#include "providers/aws_role_template.h"

#include <optional>

#include "providers/field_rules.h"

namespace focusd {
namespace {

// Keep identical to deploy/aws/focusd-billing-reader.yaml (aws_role_template_test.cc
// compares them).
constexpr const char* kTemplate = R"yaml(AWSTemplateFormatVersion: '2010-09-09'
Description: >-
  Read-only IAM role for focusd: lets focusd read the FOCUS billing export under one S3
  bucket prefix, and nothing else. focusd assumes it with the connector's external id.

Parameters:
  FocusdPrincipalArn:
    Type: String
    Description: >-
      ARN of the AWS principal focusd runs as (an IAM role or user), e.g.
      arn:aws:iam::111122223333:role/focusd.
    AllowedPattern: '^arn:aws[a-z-]*:iam::[0-9]{12}:(root|(role|user)/[\w+=,.@/-]+)$'
    ConstraintDescription: must be the ARN of an IAM role or user.
  ExternalId:
    Type: String
    Description: The connector's External ID, shown by focusd (focusd-<32 hex>).
    AllowedPattern: '^focusd-[0-9a-f]{32}$'
    ConstraintDescription: must be the External ID focusd shows for the connector.
  RoleName:
    Type: String
    Description: Name of the IAM role to create (the connector's IAM Role name).
    Default: focusd-billing-reader
    AllowedPattern: '^[\w+=,.@-]{1,64}$'
    ConstraintDescription: must be 1-64 letters, digits or + = , . @ _ -.
  BucketName:
    Type: String
    Description: S3 bucket the FOCUS billing export is written to.
    AllowedPattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$'
    ConstraintDescription: must be an S3 bucket name.
  BillingPath:
    Type: String
    Description: >-
      Prefix inside the bucket that holds the billing data, without leading or trailing
      '/' (e.g. focus/exports).
    AllowedPattern: '^[^/*?$]+(/[^/*?$]+)*$'
    ConstraintDescription: must be a path without leading or trailing '/', '//', '*', '?' or '$'.

Resources:
  BillingReaderRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Ref RoleName
      Description: focusd reads FOCUS billing exports (read-only, one bucket prefix).
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Ref FocusdPrincipalArn
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                sts:ExternalId: !Ref ExternalId
      Policies:
        - PolicyName: focusd-billing-read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Sid: ListBillingPrefix
                Effect: Allow
                Action: s3:ListBucket
                Resource: !Sub 'arn:${AWS::Partition}:s3:::${BucketName}'
                Condition:
                  StringLike:
                    s3:prefix:
                      - !Ref BillingPath
                      - !Sub '${BillingPath}/*'
              - Sid: ReadBillingObjects
                Effect: Allow
                Action: s3:GetObject
                Resource: !Sub 'arn:${AWS::Partition}:s3:::${BucketName}/${BillingPath}/*'
              - Sid: LocateBucket
                Effect: Allow
                Action: s3:GetBucketLocation
                Resource: !Sub 'arn:${AWS::Partition}:s3:::${BucketName}'

Outputs:
  RoleArn:
    Description: ARN of the reader role; focusd assumes it for this connector.
    Value: !GetAtt BillingReaderRole.Arn
)yaml";

std::string Trim(const std::string& s) {
  const char* kSpace = " \t\r\n\f\v";
  size_t b = s.find_first_not_of(kSpace);
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(kSpace);
  return s.substr(b, e - b + 1);
}

std::string NormalizedPath(const std::string& path) {
  std::string p = Trim(path);
  while (!p.empty() && p.back() == '/') p.pop_back();
  return p;
}

// A YAML single-quoted scalar: only the quote itself needs escaping (by doubling). The field
// rules already exclude control characters and line breaks.
std::string SingleQuoted(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'') out += "''";
    else out += c;
  }
  return out + "'";
}

// Adds "Default: <value>" to the parameter `name`, right after its "Type: String" line.
void SetDefault(std::string* yaml, const std::string& name, const std::string& value) {
  std::string block = "\n  " + name + ":\n    Type: String\n";
  size_t at = yaml->find(block);
  if (at == std::string::npos) return;
  yaml->insert(at + block.size(), "    Default: " + SingleQuoted(value) + "\n");
}

struct Values {
  std::string external_id, bucket, path;
};

Values Normalize(const std::string& external_id, const std::string& bucket,
                 const std::string& path) {
  return {Trim(external_id), Trim(bucket), NormalizedPath(path)};
}

}  // namespace

const std::string& AwsRoleTemplateText() {
  static const std::string kText = kTemplate;
  return kText;
}

std::vector<FieldError> AwsRoleTemplateErrors(const std::string& external_id,
                                              const std::string& bucket,
                                              const std::string& path) {
  Values v = Normalize(external_id, bucket, path);
  std::vector<FieldError> errors;
  if (!v.external_id.empty()) {
    if (auto problem = CheckAwsExternalId(v.external_id)) {
      errors.push_back({"external_id", "External ID " + *problem});
    }
  }
  if (!v.bucket.empty()) {
    if (auto problem = CheckS3BucketName(v.bucket)) {
      errors.push_back({"bucket", "S3 Bucket name " + *problem});
    }
  }
  if (!v.path.empty()) {
    if (auto problem = CheckS3Prefix(v.path)) {
      errors.push_back({"path", "Path containing the billing data " + *problem});
    }
  }
  return errors;
}

std::string AwsRoleTemplate(const std::string& external_id, const std::string& bucket,
                            const std::string& path) {
  Values v = Normalize(external_id, bucket, path);
  std::string yaml = AwsRoleTemplateText();
  if (!v.external_id.empty() && !CheckAwsExternalId(v.external_id)) {
    SetDefault(&yaml, "ExternalId", v.external_id);
  }
  if (!v.bucket.empty() && !CheckS3BucketName(v.bucket)) SetDefault(&yaml, "BucketName", v.bucket);
  if (!v.path.empty() && !CheckS3Prefix(v.path)) SetDefault(&yaml, "BillingPath", v.path);
  return yaml;
}

}  // namespace focusd
