// The OCI connector form: only the secret (an API signing key); the tenancy and region
// it names are where the FOCUS cost reports are read from.
#include "providers/connector_form.h"

namespace focusd {
namespace {

ConnectorForm BuildOciForm() {
  ConnectorForm form;
  form.groups = {{"connector", ""}};
  form.fields.push_back(ConnectorNameField());
  form.fields.push_back(SecretIdField("OCI"));
  return form;
}

}  // namespace

const ConnectorForm& OciConnectorForm() {
  static const ConnectorForm kForm = BuildOciForm();
  return kForm;
}

}  // namespace focusd
