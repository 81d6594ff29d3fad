#include "providers/aws_role_template.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace focusd {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kExternalId = "focusd-0123456789abcdef0123456789abcdef";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The text of the parameter block `name` (up to the next parameter or section).
std::string ParameterBlock(const std::string& yaml, const std::string& name) {
  size_t start = yaml.find("\n  " + name + ":\n");
  if (start == std::string::npos) return "";
  size_t end = start + 1;
  while (true) {
    end = yaml.find('\n', end);
    if (end == std::string::npos || end + 3 >= yaml.size()) return yaml.substr(start);
    // The next line indented by exactly two spaces (or none) starts another block.
    if (yaml.compare(end + 1, 4, "    ") != 0) return yaml.substr(start, end - start);
    ++end;
  }
}

TEST(AwsRoleTemplateTest, EmbeddedTextIsTheDeployFile) {
  std::string file = ReadFile(std::string(FOCUSD_SOURCE_DIR) + "/deploy/aws/focusd-billing-reader.yaml");
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(AwsRoleTemplateText(), file);
}

TEST(AwsRoleTemplateTest, TemplateGrantsOnlyTheReadPermissions) {
  const std::string& yaml = AwsRoleTemplateText();
  for (const char* parameter :
       {"FocusdPrincipalArn", "ExternalId", "RoleName", "BucketName", "BillingPath"}) {
    EXPECT_NE(ParameterBlock(yaml, parameter), "") << parameter;
  }
  EXPECT_THAT(ParameterBlock(yaml, "RoleName"), HasSubstr("Default: focusd-billing-reader"));
  EXPECT_THAT(yaml, HasSubstr("sts:ExternalId: !Ref ExternalId"));
  EXPECT_THAT(yaml, HasSubstr("AWS: !Ref FocusdPrincipalArn"));
  EXPECT_THAT(yaml, HasSubstr("Action: s3:ListBucket"));
  EXPECT_THAT(yaml, HasSubstr("Action: s3:GetObject"));
  EXPECT_THAT(yaml, HasSubstr("Action: s3:GetBucketLocation"));
  EXPECT_THAT(yaml, HasSubstr("s3:::${BucketName}/${BillingPath}/*"));
  EXPECT_THAT(yaml, HasSubstr("RoleArn:"));
  // Exactly the three statements' actions, and no wildcard action.
  size_t actions = 0;
  for (size_t at = yaml.find("Action:"); at != std::string::npos; at = yaml.find("Action:", at + 1)) {
    ++actions;
  }
  EXPECT_EQ(actions, 4u);  // sts:AssumeRole + the three S3 actions
  EXPECT_THAT(yaml, Not(HasSubstr("s3:*")));
}

TEST(AwsRoleTemplateTest, FillsDefaults) {
  std::string yaml = AwsRoleTemplate(kExternalId, "acme-billing", "focus/exports/");
  EXPECT_THAT(ParameterBlock(yaml, "ExternalId"), HasSubstr("    Default: '" + kExternalId + "'\n"));
  EXPECT_THAT(ParameterBlock(yaml, "BucketName"), HasSubstr("    Default: 'acme-billing'\n"));
  EXPECT_THAT(ParameterBlock(yaml, "BillingPath"), HasSubstr("    Default: 'focus/exports'\n"));
  EXPECT_THAT(ParameterBlock(yaml, "FocusdPrincipalArn"), Not(HasSubstr("Default:")));
  // Only the three Default lines were added.
  EXPECT_EQ(yaml.size(), AwsRoleTemplateText().size() +
                             std::string("    Default: ''\n").size() * 3 + kExternalId.size() +
                             std::string("acme-billing").size() +
                             std::string("focus/exports").size());
  EXPECT_TRUE(AwsRoleTemplateErrors(kExternalId, "acme-billing", "focus/exports/").empty());
}

TEST(AwsRoleTemplateTest, EmptyValuesStayParameters) {
  EXPECT_EQ(AwsRoleTemplate("", "", ""), AwsRoleTemplateText());
  EXPECT_EQ(AwsRoleTemplate(" ", "", "/"), AwsRoleTemplateText());
  EXPECT_TRUE(AwsRoleTemplateErrors("", "", "").empty());
}

TEST(AwsRoleTemplateTest, QuotesAreEscaped) {
  std::string yaml = AwsRoleTemplate("", "", "it's/here");
  EXPECT_THAT(ParameterBlock(yaml, "BillingPath"), HasSubstr("    Default: 'it''s/here'\n"));
}

TEST(AwsRoleTemplateTest, InputCannotChangeTheTemplate) {
  // Each tries to end the scalar or the line and add YAML of its own.
  const std::vector<std::string> attacks = {
      "x'\n    AllowedPattern: '.*",
      "x\nResources:\n  Evil:\n",
      "focus/*",
      "focus/${aws:username}",
  };
  for (const std::string& bad : attacks) {
    EXPECT_EQ(AwsRoleTemplate(bad, bad, bad), AwsRoleTemplateText()) << bad;
    auto errors = AwsRoleTemplateErrors(bad, bad, bad);
    ASSERT_EQ(errors.size(), 3u) << bad;
    EXPECT_EQ(errors[0].field, "external_id");
    EXPECT_EQ(errors[1].field, "bucket");
    EXPECT_EQ(errors[2].field, "path");
  }
  auto errors = AwsRoleTemplateErrors("focusd-xyz", "Acme", "/abs");
  EXPECT_EQ(errors[0].message,
            "External ID must be \"focusd-\" followed by 32 lowercase hex characters");
  EXPECT_EQ(errors[1].message, "S3 Bucket name must be lowercase");
  EXPECT_EQ(errors[2].message, "Path containing the billing data must not start with '/'");
  // A bad value is skipped on its own; good ones are still filled.
  std::string yaml = AwsRoleTemplate(kExternalId, "Acme", "focus");
  EXPECT_THAT(ParameterBlock(yaml, "ExternalId"), HasSubstr("Default:"));
  EXPECT_THAT(ParameterBlock(yaml, "BucketName"), Not(HasSubstr("Default:")));
  EXPECT_THAT(ParameterBlock(yaml, "BillingPath"), HasSubstr("Default: 'focus'"));
}

}  // namespace
}  // namespace focusd
