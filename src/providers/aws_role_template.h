// The CloudFormation template that creates the read-only IAM role an AWS connector assumes
// (deploy/aws/focusd-billing-reader.yaml, embedded so the server can serve it).
#pragma once

#include <string>
#include <vector>

#include "providers/provider.h"

namespace focusd {

// The template exactly as in deploy/aws/focusd-billing-reader.yaml.
const std::string& AwsRoleTemplateText();

// The template with the Default of its ExternalId, BucketName and BillingPath parameters set,
// so the user only has to supply FocusdPrincipalArn. Values go through the connector's field
// rules (the path is trimmed of spaces and trailing '/'); an empty or invalid value gets no
// Default, so no input can change the template's structure. Values are emitted as quoted
// YAML scalars. Use AwsRoleTemplateErrors to report bad values instead of skipping them.
std::string AwsRoleTemplate(const std::string& external_id, const std::string& bucket,
                            const std::string& path);

// The values AwsRoleTemplate would skip, as errors on "external_id", "bucket" and "path"
// (empty values are not errors: they simply stay parameters to fill in).
std::vector<FieldError> AwsRoleTemplateErrors(const std::string& external_id,
                                              const std::string& bucket, const std::string& path);

}  // namespace focusd
