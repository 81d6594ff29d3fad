#include "sync/provider_sources.h"

#include "providers/aws/aws_billing_source.h"
#include "providers/azure/azure_billing_source.h"
#include "providers/gcp/gcp_billing_source.h"
#include "providers/oci/oci_billing_source.h"

namespace focusd {

SourceFactories ProviderSources(Catalog* catalog, SyncStore* store) {
  SourceFactories f;
  f.Register(Provider::kAws, [](const Connector& c, const nlohmann::json&) -> Result<std::unique_ptr<BillingSource>> {
    ASSIGN_OR_RETURN(AwsConnectorConfig config, AwsConnectorConfig::FromFields(c.fields));
    return std::unique_ptr<BillingSource>(new AwsBillingSource(std::move(config)));
  });
  f.Register(Provider::kAzure, [catalog](const Connector& c,
                                         const nlohmann::json& secret) -> Result<std::unique_ptr<BillingSource>> {
    ASSIGN_OR_RETURN(AzureSourceConfig config, AzureSourceConfigFromFields(c.fields));
    if (!c.secret_id) return Status::InvalidArgument("the connector has no secret", "secret_id");
    ASSIGN_OR_RETURN(SecretInfo info, catalog->GetSecret(*c.secret_id));
    ASSIGN_OR_RETURN(auto source, AzureBillingSource::Create(config, info.kind, secret));
    return std::unique_ptr<BillingSource>(std::move(source));
  });
  f.Register(Provider::kGcp, [store](const Connector& c,
                                     const nlohmann::json& secret) -> Result<std::unique_ptr<BillingSource>> {
    GcpSourceOptions options;
    options.endpoints = GcpEndpoints::FromEnvironment();
    ASSIGN_OR_RETURN(std::string watermark, store->NewestDelivery(c.id));
    ASSIGN_OR_RETURN(auto source, GcpBillingSource::Create(c.id, c.fields, secret, options, watermark));
    return std::unique_ptr<BillingSource>(std::move(source));
  });
  f.Register(Provider::kOci, [](const Connector&, const nlohmann::json& secret) -> Result<std::unique_ptr<BillingSource>> {
    ASSIGN_OR_RETURN(auto source, OciBillingSource::FromSecret(secret));
    return std::unique_ptr<BillingSource>(std::move(source));
  });
  return f;
}

}  // namespace focusd
