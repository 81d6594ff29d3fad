#include "auth/azure_blob_credential.h"
#include "http/url_encode.h"

#include <cctype>

#include "auth/azure_shared_key.h"

namespace focusd {
namespace {

std::string PathOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t slash = url.find('/', start);
  return slash == std::string::npos ? "" : url.substr(slash);
}

std::string QueryString(const std::vector<std::pair<std::string, std::string>>& query) {
  std::string q;
  for (const auto& [k, v] : query) q += (q.empty() ? "" : "&") + FormUrlEncode(k) + "=" + FormUrlEncode(v);
  return q;
}

HttpRequest BaseRequest(const BlobRequest& r, const TimeSource& clock) {
  HttpRequest req;
  req.method = r.method;
  req.url = r.endpoint + r.resource;
  std::string q = QueryString(r.query);
  if (!q.empty()) req.url += "?" + q;
  req.headers = r.headers;
  req.headers.push_back({"x-ms-date", HttpDate(clock.Now())});
  req.ca_file = r.ca_file;
  return req;
}

class SharedKeyCredential : public AzureBlobCredential {
 public:
  SharedKeyCredential(std::string account, SecretString key, const TimeSource& clock)
      : account_(std::move(account)), key_(std::move(key)), clock_(clock) {}
  Result<HttpRequest> Authorize(const BlobRequest& r) override {
    HttpRequest req = BaseRequest(r, clock_);
    SharedKeyRequest sk;
    sk.method = r.method;
    sk.account = account_;
    sk.path = PathOf(r.endpoint) + r.resource;
    if (sk.path.empty()) sk.path = "/";
    sk.query = r.query;
    sk.headers = req.headers;
    ASSIGN_OR_RETURN(std::string auth, SharedKeyAuthorization(sk, key_));
    req.headers.push_back({"Authorization", auth});
    return req;
  }
  std::string Describe() const override { return "Shared Key"; }

 private:
  std::string account_;
  SecretString key_;
  const TimeSource& clock_;
};

class SasCredential : public AzureBlobCredential {
 public:
  SasCredential(SecretString token, const TimeSource& clock) : token_(std::move(token)), clock_(clock) {}
  Result<HttpRequest> Authorize(const BlobRequest& r) override {
    HttpRequest req = BaseRequest(r, clock_);
    std::string sas = token_.Reveal();
    while (!sas.empty() && (sas.front() == '?' || sas.front() == '&')) sas.erase(sas.begin());
    req.url += (req.url.find('?') == std::string::npos ? "?" : "&") + sas;
    return req;
  }
  std::string Describe() const override { return "SAS"; }

 private:
  SecretString token_;
  const TimeSource& clock_;
};

class BearerCredential : public AzureBlobCredential {
 public:
  BearerCredential(std::shared_ptr<EntraTokenSource> tokens, const TimeSource& clock)
      : tokens_(std::move(tokens)), clock_(clock) {}
  Result<HttpRequest> Authorize(const BlobRequest& r) override {
    ASSIGN_OR_RETURN(SecretString token, tokens_->Token());
    HttpRequest req = BaseRequest(r, clock_);
    req.headers.push_back({"Authorization", "Bearer " + token.Reveal()});
    return req;
  }
  std::string Describe() const override { return "Service principal"; }
  Status Prepare() override { return tokens_->Token().status(); }
  bool IsServicePrincipal() const override { return true; }

 private:
  std::shared_ptr<EntraTokenSource> tokens_;
  const TimeSource& clock_;
};

Result<std::string> RequiredString(const nlohmann::json& value, const std::string& key) {
  if (!value.is_object() || !value.contains(key) || !value[key].is_string() || value[key].get<std::string>().empty())
    return Status::InvalidArgument("the secret has no " + key, key);
  return value[key].get<std::string>();
}

}  // namespace

std::unique_ptr<AzureBlobCredential> MakeSharedKeyCredential(std::string account, SecretString key,
                                                             const TimeSource& clock) {
  return std::make_unique<SharedKeyCredential>(std::move(account), std::move(key), clock);
}

std::unique_ptr<AzureBlobCredential> MakeSasCredential(SecretString token, const TimeSource& clock) {
  return std::make_unique<SasCredential>(std::move(token), clock);
}

std::unique_ptr<AzureBlobCredential> MakeBearerCredential(std::shared_ptr<EntraTokenSource> tokens,
                                                          const TimeSource& clock) {
  return std::make_unique<BearerCredential>(std::move(tokens), clock);
}

Result<std::unique_ptr<AzureBlobCredential>> AzureBlobCredentialFromSecret(const std::string& kind,
                                                                           const nlohmann::json& value,
                                                                           const AzureCredentialContext& ctx) {
  if (kind == "azure_storage_key") {
    ASSIGN_OR_RETURN(std::string key, RequiredString(value, "account_key"));
    return MakeSharedKeyCredential(ctx.storage_account, SecretString(std::move(key)), *ctx.clock);
  }
  if (kind == "azure_sas") {
    ASSIGN_OR_RETURN(std::string sas, RequiredString(value, "sas_token"));
    if (sas.find("sig=") == std::string::npos)
      return Status::InvalidArgument("the SAS token has no sig= parameter", "sas_token");
    return MakeSasCredential(SecretString(std::move(sas)), *ctx.clock);
  }
  if (kind == "azure_service_principal") {
    EntraClientCredentials c;
    ASSIGN_OR_RETURN(c.tenant_id, RequiredString(value, "tenant_id"));
    ASSIGN_OR_RETURN(c.client_id, RequiredString(value, "client_id"));
    ASSIGN_OR_RETURN(std::string secret, RequiredString(value, "client_secret"));
    c.client_secret = SecretString(std::move(secret));
    auto tokens = std::make_shared<EntraTokenSource>(ctx.authority_host, std::move(c), ctx.storage_scope, *ctx.clock,
                                                     ctx.ca_file, ctx.retry);
    return MakeBearerCredential(std::move(tokens), *ctx.clock);
  }
  return Status::InvalidArgument("an Azure connector needs a secret of kind azure_service_principal, "
                                 "azure_storage_key or azure_sas (got '" + kind + "')", "secret_id");
}

std::string RedactSasSignature(const std::string& text) {
  std::string out = text;
  size_t pos = 0;
  while ((pos = out.find("sig=", pos)) != std::string::npos) {
    bool starts_param = pos == 0 || out[pos - 1] == '?' || out[pos - 1] == '&' || out[pos - 1] == ' ' ||
                        out[pos - 1] == '\'' || out[pos - 1] == '"';
    pos += 4;
    if (!starts_param) continue;
    size_t end = out.find_first_of("& \t\r\n'\"#", pos);
    if (end == std::string::npos) end = out.size();
    out.replace(pos, end - pos, "REDACTED");
    pos += 8;
  }
  return out;
}

std::string EncodeBlobPath(const std::string& name) { return UriEncode(name, /*keep_slash=*/true); }

}  // namespace focusd
