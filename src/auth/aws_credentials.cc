#include "auth/aws_credentials.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "http/http_client.h"

namespace focusd {
namespace {

using IniFile = std::map<std::string, std::map<std::string, std::string>>;

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// The AWS shared files are INI: "[section]" lines and "key = value" lines; '#'/';' comment.
std::optional<IniFile> ReadIni(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  IniFile ini;
  std::string line, section;
  while (std::getline(in, line)) {
    line = Trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = Trim(line.substr(1, line.size() - 2));
      ini[section];
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string::npos || section.empty()) continue;
    ini[section][Trim(line.substr(0, eq))] = Trim(line.substr(eq + 1));
  }
  return ini;
}

std::string HomeFile(const EnvLookup& env, const std::string& override_var, const std::string& rel) {
  if (auto v = env(override_var); v && !v->empty()) return *v;
  auto home = env("HOME");
  return (home ? *home : std::string(".")) + "/.aws/" + rel;
}

std::string ProfileName(const EnvLookup& env) {
  auto p = env("AWS_PROFILE");
  return p && !p->empty() ? *p : "default";
}

// The profile's section: "[name]" in credentials, "[profile name]" (or "[default]") in config.
const std::map<std::string, std::string>* FindProfile(const IniFile& ini, const std::string& name, bool config) {
  auto it = ini.find(config && name != "default" ? "profile " + name : name);
  if (it == ini.end() && config) it = ini.find(name);
  return it == ini.end() ? nullptr : &it->second;
}

std::optional<AwsCredentials> CredentialsFromSection(const std::map<std::string, std::string>& s,
                                                     const std::string& source) {
  auto id = s.find("aws_access_key_id");
  auto secret = s.find("aws_secret_access_key");
  if (id == s.end() || secret == s.end() || id->second.empty()) return std::nullopt;
  AwsCredentials c;
  c.access_key_id = id->second;
  c.secret_access_key = SecretString(secret->second);
  if (auto t = s.find("aws_session_token"); t != s.end()) c.session_token = SecretString(t->second);
  c.source = source;
  return c;
}

}  // namespace

EnvLookup ProcessEnvLookup() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

EnvLookup FixedEnvironment(std::vector<std::pair<std::string, std::string>> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    for (const auto& [k, v] : vars)
      if (k == name) return v;
    return std::nullopt;
  };
}

Result<AwsCredentials> EnvironmentCredentialsProvider::Get() {
  auto id = env_("AWS_ACCESS_KEY_ID");
  auto secret = env_("AWS_SECRET_ACCESS_KEY");
  if (!id || id->empty()) return Status::NotFound("AWS_ACCESS_KEY_ID is not set");
  if (!secret || secret->empty())
    return Status::InvalidArgument("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
  AwsCredentials c;
  c.access_key_id = *id;
  c.secret_access_key = SecretString(*secret);
  if (auto t = env_("AWS_SESSION_TOKEN"); t && !t->empty()) c.session_token = SecretString(*t);
  c.source = "environment";
  return c;
}

Result<AwsCredentials> ProfileCredentialsProvider::Get() {
  const std::string profile = ProfileName(env_);
  const std::string cred_path = HomeFile(env_, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  const std::string config_path = HomeFile(env_, "AWS_CONFIG_FILE", "config");
  if (auto ini = ReadIni(cred_path)) {
    if (const auto* s = FindProfile(*ini, profile, false)) {
      if (auto c = CredentialsFromSection(*s, "profile " + profile)) return *c;
    }
  }
  if (auto ini = ReadIni(config_path)) {
    if (const auto* s = FindProfile(*ini, profile, true)) {
      if (auto c = CredentialsFromSection(*s, "profile " + profile)) return *c;
    }
  }
  if (profile != "default")  // an explicitly chosen profile that is missing is a real error
    return Status::InvalidArgument("AWS profile '" + profile + "' has no access keys in " + cred_path + " or " +
                                   config_path);
  return Status::NotFound("no default profile in " + cred_path);
}

Result<AwsCredentials> ImdsCredentialsProvider::Get() {
  if (auto d = env_("AWS_EC2_METADATA_DISABLED"); d && (*d == "true" || *d == "TRUE"))
    return Status::NotFound("instance metadata disabled by AWS_EC2_METADATA_DISABLED");
  std::string base = "http://169.254.169.254";
  if (auto e = env_("AWS_EC2_METADATA_SERVICE_ENDPOINT"); e && !e->empty()) base = *e;
  while (!base.empty() && base.back() == '/') base.pop_back();
  auto get = [](const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers) {
    HttpRequest r;
    r.url = url;
    r.headers = headers;
    return r;
  };
  auto quick = [](HttpRequest r) {
    r.timeout = std::chrono::milliseconds(2000);
    r.connect_timeout = std::chrono::milliseconds(1000);
    return r;
  };
  HttpRequest token_req;
  token_req.method = "PUT";
  token_req.url = base + "/latest/api/token";
  token_req.headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}};
  auto token = HttpClient::Send(quick(token_req));
  if (!token.ok()) return Status::NotFound("no instance metadata service at " + base);
  if (token->status != 200)
    return Status::NotFound("instance metadata refused a session token (HTTP " + std::to_string(token->status) + ")");
  SecretString session(token->body);
  std::vector<std::pair<std::string, std::string>> auth = {{"X-aws-ec2-metadata-token", session.Reveal()}};
  const std::string creds_path = base + "/latest/meta-data/iam/security-credentials/";
  auto roles = HttpClient::Send(quick(get(creds_path, auth)));
  if (!roles.ok()) return roles.status();
  if (roles->status == 404) return Status::NotFound("this instance has no IAM role attached");
  if (roles->status != 200)
    return Status::Unavailable("instance metadata: HTTP " + std::to_string(roles->status) + " listing roles");
  std::string role = Trim(roles->body.substr(0, roles->body.find('\n')));
  auto doc = HttpClient::Send(quick(get(creds_path + role, auth)));
  if (!doc.ok()) return doc.status();
  if (doc->status != 200)
    return Status::Unavailable("instance metadata: HTTP " + std::to_string(doc->status) + " for role " + role);
  try {
    auto j = nlohmann::json::parse(doc->body);
    AwsCredentials c;
    c.access_key_id = j.at("AccessKeyId").get<std::string>();
    c.secret_access_key = SecretString(j.at("SecretAccessKey").get<std::string>());
    c.session_token = SecretString(j.value("Token", ""));
    if (j.contains("Expiration")) c.expiration = ParseIso8601(j["Expiration"].get<std::string>());
    c.source = "instance role " + role;
    return c;
  } catch (const std::exception&) {
    return Status::DataLoss("instance metadata returned an unreadable credentials document for role " + role);
  }
}

Result<AwsCredentials> ChainCredentialsProvider::Get() {
  std::string tried;
  for (const auto& p : providers_) {
    auto r = p->Get();
    if (r.ok() || r.status().code() != StatusCode::kNotFound) return r;
    tried += (tried.empty() ? "" : "; ") + r.status().message();
  }
  return Status::Unauthenticated(
      "focusd has no AWS identity (" + tried +
      "): set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, configure a profile, or run on EC2 with an instance role");
}

void ChainCredentialsProvider::Invalidate() {
  for (const auto& p : providers_) p->Invalidate();
}

Result<AwsCredentials> RefreshingCredentialsProvider::Get() {
  std::lock_guard<std::mutex> lock(mu_);
  if (cached_ && (!cached_->expiration || clock_.Now() + margin_ < *cached_->expiration)) return *cached_;
  auto r = inner_->Get();
  if (!r.ok()) return r.status();
  if (cached_) spdlog::info("refreshed AWS credentials from {}", r->source);
  cached_ = *r;
  return r;
}

void RefreshingCredentialsProvider::Invalidate() {
  std::lock_guard<std::mutex> lock(mu_);
  cached_.reset();
  inner_->Invalidate();
}

std::shared_ptr<AwsCredentialsProvider> DefaultCredentialsChain(EnvLookup env, const TimeSource& clock) {
  auto chain = std::make_shared<ChainCredentialsProvider>(std::vector<std::shared_ptr<AwsCredentialsProvider>>{
      std::make_shared<EnvironmentCredentialsProvider>(env), std::make_shared<ProfileCredentialsProvider>(env),
      std::make_shared<ImdsCredentialsProvider>(env)});
  return std::make_shared<RefreshingCredentialsProvider>(chain, clock);
}

std::string DefaultRegion(const EnvLookup& env) {
  for (const char* var : {"AWS_REGION", "AWS_DEFAULT_REGION"})
    if (auto v = env(var); v && !v->empty()) return *v;
  if (auto ini = ReadIni(HomeFile(env, "AWS_CONFIG_FILE", "config"))) {
    if (const auto* s = FindProfile(*ini, ProfileName(env), true)) {
      if (auto it = s->find("region"); it != s->end() && !it->second.empty()) return it->second;
    }
  }
  return "us-east-1";
}

}  // namespace focusd
