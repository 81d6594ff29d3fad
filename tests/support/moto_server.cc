#include "support/moto_server.h"

#include "support/free_port.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "auth/sigv4_signer.h"
#include "support/wait_for_server.h"

namespace focusd::testing {


MotoServer::MotoServer() {
  const int port = PickFreeLoopbackPort();
  log_path_ = ::testing::TempDir() + "/moto_server_" + std::to_string(port) + ".log";
  pid_ = fork();
  if (pid_ == 0) {
    int log = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log >= 0) {
      dup2(log, 1);
      dup2(log, 2);
    }
    std::string p = std::to_string(port);
    execlp("moto_server", "moto_server", "-H", "127.0.0.1", "-p", p.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  url_ = "http://127.0.0.1:" + std::to_string(port);
  // Poll until it answers; give up if the process exits or after a generous bound.
  if (WaitForServer(&pid_, url_ + "/moto-api/", [](const HttpResponse& r) { return r.status > 0; })) return;
  ADD_FAILURE() << "moto_server did not start on port " << port << "; see " << log_path_;
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  pid_ = -1;
  url_.clear();
}

MotoServer::~MotoServer() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
}

EnvLookup MotoServer::Env(std::vector<std::pair<std::string, std::string>> extra) const {
  std::vector<std::pair<std::string, std::string>> vars = {
      {"AWS_ENDPOINT_URL", url_},       {"AWS_ACCESS_KEY_ID", "focusd-test-key"},
      {"AWS_SECRET_ACCESS_KEY", "focusd-test-secret"}, {"AWS_REGION", "us-east-1"},
      {"AWS_EC2_METADATA_DISABLED", "true"},           {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"},
      {"AWS_CONFIG_FILE", "/nonexistent"}};
  // Later entries override: put the extras first so FixedEnvironment finds them first.
  extra.insert(extra.end(), vars.begin(), vars.end());
  return FixedEnvironment(std::move(extra));
}

Result<HttpResponse> MotoServer::Call(const std::string& service, const std::string& method, const std::string& path,
                                      const std::vector<std::pair<std::string, std::string>>& query,
                                      const std::string& body,
                                      const std::vector<std::pair<std::string, std::string>>& headers) {
  AwsCredentials creds;
  creds.access_key_id = "focusd-test-key";
  creds.secret_access_key = SecretString("focusd-test-secret");
  HttpRequest req = BuildSignedRequest(url_, method, path, query, headers, body, creds,
                                       SigV4Scope{"us-east-1", service, service == "s3"}, Clock::now());
  return HttpClient::Send(req);
}

namespace {
Status Expect2xx(const Result<HttpResponse>& r, const std::string& what) {
  if (!r.ok()) return r.status().WithContext(what);
  if (r->status >= 300) return Status::Internal(what + ": HTTP " + std::to_string(r->status) + " " + r->body);
  return Status::Ok();
}
}  // namespace

Status MotoServer::Reset() {
  HttpRequest req;
  req.method = "POST";
  req.url = url_ + "/moto-api/reset";
  return Expect2xx(HttpClient::Send(req), "reset moto");
}

Status MotoServer::CreateBucket(const std::string& bucket, const std::string& region) {
  std::string body;
  if (region != "us-east-1")
    body = "<CreateBucketConfiguration><LocationConstraint>" + region +
           "</LocationConstraint></CreateBucketConfiguration>";
  return Expect2xx(Call("s3", "PUT", "/" + bucket, {}, body, {{"Content-Type", "application/xml"}}),
                   "create bucket " + bucket);
}

Status MotoServer::PutObject(const std::string& bucket, const std::string& key, const std::string& bytes) {
  // An explicit type: curl would otherwise call the body a form, and the server parse it away.
  return Expect2xx(Call("s3", "PUT", "/" + bucket + "/" + key, {}, bytes, {{"Content-Type", "application/octet-stream"}}),
                   "put " + key);
}

Status MotoServer::DeleteObject(const std::string& bucket, const std::string& key) {
  return Expect2xx(Call("s3", "DELETE", "/" + bucket + "/" + key), "delete " + key);
}

Status MotoServer::CreateRole(const std::string& role_name, const std::string& trust_policy_json) {
  std::string body = "Action=CreateRole&Version=2010-05-08&RoleName=" + sigv4::UriEncode(role_name, false) +
                     "&AssumeRolePolicyDocument=" + sigv4::UriEncode(trust_policy_json, false);
  return Expect2xx(Call("iam", "POST", "/", {}, body, {{"Content-Type", "application/x-www-form-urlencoded"}}),
                   "create role " + role_name);
}

}  // namespace focusd::testing
