#include "auth/sts_client.h"

#include <pugixml.hpp>
#include <spdlog/spdlog.h>

#include "auth/sigv4_signer.h"

namespace focusd {
namespace {

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out.push_back('&');
    out += sigv4::UriEncode(k, false) + "=" + sigv4::UriEncode(v, false);
  }
  return out;
}

}  // namespace

std::string AwsRoleArn(const std::string& account_id, const std::string& role_name) {
  return "arn:aws:iam::" + account_id + ":role/" + role_name;
}

AwsErrorDocument ParseAwsError(const std::string& body) {
  AwsErrorDocument e;
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return e;
  pugi::xml_node err = doc.child("Error");
  if (!err) err = doc.child("ErrorResponse").child("Error");
  if (!err) return e;
  e.code = err.child_value("Code");
  e.message = err.child_value("Message");
  e.region = err.child_value("Region");
  return e;
}

StsClient::StsClient(AwsEndpoint endpoint, std::string region, std::shared_ptr<AwsCredentialsProvider> identity,
                     const TimeSource& clock, RetryPolicy retry)
    : endpoint_(std::move(endpoint)),
      region_(std::move(region)),
      identity_(std::move(identity)),
      clock_(clock),
      retry_(std::move(retry)) {}

Result<AwsCredentials> StsClient::AssumeRole(const AssumeRoleRequest& request) {
  std::vector<std::pair<std::string, std::string>> params = {
      {"Action", "AssumeRole"},
      {"Version", "2011-06-15"},
      {"RoleArn", request.role_arn},
      {"RoleSessionName", request.session_name},
      {"DurationSeconds", std::to_string(request.duration_seconds)}};
  if (!request.external_id.empty()) params.emplace_back("ExternalId", request.external_id);
  const std::string body = FormEncode(params);
  const std::string what = "cannot assume role " + request.role_arn;

  for (int round = 0;; ++round) {
    ASSIGN_OR_RETURN(AwsCredentials identity, identity_->Get());
    auto resp = SendWithRetry(
        [&]() -> Result<HttpResponse> {
          return HttpClient::Send(BuildSignedRequest(
              endpoint_.url, "POST", "/", {}, {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
              body, identity, SigV4Scope{region_, "sts", false}, clock_.Now()));
        },
        retry_);
    if (!resp.ok()) return resp.status().WithContext(what);
    if (resp->status == 200) {
      pugi::xml_document doc;
      if (!doc.load_buffer(resp->body.data(), resp->body.size()))
        return Status::DataLoss(what + ": STS answered with unreadable XML");
      pugi::xml_node c = doc.child("AssumeRoleResponse").child("AssumeRoleResult").child("Credentials");
      AwsCredentials out;
      out.access_key_id = c.child_value("AccessKeyId");
      out.secret_access_key = SecretString(c.child_value("SecretAccessKey"));
      out.session_token = SecretString(c.child_value("SessionToken"));
      out.expiration = ParseIso8601(c.child_value("Expiration"));
      out.source = "assumed role " + request.role_arn;
      if (out.access_key_id.empty() || out.secret_access_key.empty())
        return Status::DataLoss(what + ": STS answer has no credentials");
      return out;
    }
    AwsErrorDocument err = ParseAwsError(resp->body);
    std::string detail = "HTTP " + std::to_string(resp->status) + (err.code.empty() ? "" : " " + err.code) +
                         (err.message.empty() ? "" : ": " + err.message);
    if ((err.code == "ExpiredToken" || err.code == "RequestExpired") && round == 0) {
      spdlog::warn("STS says focusd's own credentials expired ({}); fetching fresh ones", identity.source);
      identity_->Invalidate();
      continue;
    }
    if (err.code == "InvalidClientTokenId" || err.code == "SignatureDoesNotMatch" ||
        err.code == "ExpiredToken" || err.code == "IncompleteSignature")
      return Status::Unauthenticated(what + ": focusd's own AWS identity (" + identity.source +
                                     ") was refused: " + detail);
    if (resp->status == 403 || err.code == "AccessDenied")
      return Status::PermissionDenied(what + ": " + detail);
    if (resp->status >= 500) return Status::Unavailable(what + ": " + detail);
    return Status::InvalidArgument(what + ": " + detail);
  }
}

std::shared_ptr<AwsCredentialsProvider> AssumedRoleCredentials(std::shared_ptr<StsClient> sts,
                                                               AssumeRoleRequest request, const TimeSource& clock) {
  return std::make_shared<RefreshingCredentialsProvider>(
      std::make_shared<AssumeRoleCredentialsProvider>(std::move(sts), std::move(request)), clock);
}

}  // namespace focusd
