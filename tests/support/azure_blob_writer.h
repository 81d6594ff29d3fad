// Test helper: creates containers and uploads blobs to Azurite with Shared Key, the way Cost
// Management would have written an export.
#pragma once

#include <string>

#include "core/status.h"

namespace focusd::testing {

class AzureBlobWriter {
 public:
  // `endpoint` like "http://127.0.0.1:10000/devstoreaccount1".
  AzureBlobWriter(std::string endpoint, std::string account, std::string key, std::string ca_file = "");
  Status CreateContainer(const std::string& container);
  Status Put(const std::string& container, const std::string& name, const std::string& content);
  // A container-scoped service SAS (sp=rl, valid one hour) signed with the account key, as
  // the portal's "Generate SAS" would make.
  std::string ContainerSas(const std::string& container, const std::string& permissions = "rl") const;

 private:
  std::string endpoint_, account_, key_, ca_file_;
};

}  // namespace focusd::testing
