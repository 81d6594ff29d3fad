// The Azure connector form: the cloud (public or China), and the storage account and
// container path the FOCUS cost export is written to; access needs a secret.
#include "providers/connector_form.h"
#include "providers/field_rules.h"

namespace focusd {
namespace {

ConnectorForm BuildAzureForm() {
  ConnectorForm form;
  form.groups = {{"connector", ""}, {"daily_query", "Data source for daily query"}};

  form.fields.push_back(ConnectorNameField());
  form.fields.push_back(SecretIdField("Azure"));

  FieldSpec region;
  region.key = "region";
  region.label = "Region";
  region.help = "Select Azure region (Default or China)";
  region.type = "select";
  region.options = {{"Default", "Default"}, {"China", "China"}};
  region.default_value = "Default";
  form.fields.push_back(region);

  FieldSpec account;
  account.key = "storage_account";
  account.label = "Storage account name";
  account.help = "Name of the storage that contains the billing data information";
  account.group = "daily_query";
  account.pattern = kAzureStorageAccountPattern;
  account.min_length = 3;
  account.max_length = 24;
  account.placeholder = "acmebilling";
  account.check = CheckAzureStorageAccount;
  form.fields.push_back(account);

  FieldSpec path;
  path.key = "path";
  path.label = "Path containing the billing data";
  path.help =
      "Inform the Path that contains the billing data inside the storage: the container, "
      "then the export's folder";
  path.group = "daily_query";
  path.pattern = kAzureBlobPathPattern;
  path.min_length = 3;
  path.max_length = 1024;
  path.placeholder = "container/folder";
  path.normalize = TrimTrailingSlashes;
  path.check = CheckAzureBlobPath;
  form.fields.push_back(path);
  return form;
}

}  // namespace

const ConnectorForm& AzureConnectorForm() {
  static const ConnectorForm kForm = BuildAzureForm();
  return kForm;
}

}  // namespace focusd
