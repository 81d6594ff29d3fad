// focusd secret add|list|delete — a client of the REST API. Values are read from files or
// standard input (--value-file, --set-file) so they stay out of shell history and `ps`.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/client_options.h"
#include "cli/commands.h"
#include "http/url_encode.h"

namespace focusd {
namespace {

struct SecretArgs {
  ClientOptions client;
  std::string name, provider, kind, value_file, target;
  std::vector<std::string> sets, set_files;
};

Result<std::string> ReadFileOrStdin(const std::string& path) {
  std::stringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream in(path);
    if (!in) return Status::NotFound("cannot read " + path);
    ss << in.rdbuf();
  }
  return ss.str();
}

Result<nlohmann::json> BuildValue(const SecretArgs& a) {
  nlohmann::json value = nlohmann::json::object();
  if (!a.value_file.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadFileOrStdin(a.value_file));
    value = nlohmann::json::parse(text, nullptr, false);
    if (value.is_discarded() || !value.is_object())
      return Status::InvalidArgument("--value-file must hold a JSON object of the kind's fields", "value-file");
  }
  for (const auto& kv : a.sets) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) return Status::InvalidArgument("--set expects key=value", "set");
    value[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& kv : a.set_files) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) return Status::InvalidArgument("--set-file expects key=path", "set-file");
    ASSIGN_OR_RETURN(std::string text, ReadFileOrStdin(kv.substr(eq + 1)));
    value[kv.substr(0, eq)] = text;
  }
  return value;
}

std::string Join(const nlohmann::json& arr) {
  std::string s;
  for (const auto& v : arr) s += (s.empty() ? "" : ",") + v.get<std::string>();
  return s.empty() ? "-" : s;
}

int Print(const ClientOptions& o, const nlohmann::json& j) {
  if (o.output == "json") {
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  auto add = [&](const nlohmann::json& s) {
    rows.push_back({s.value("name", ""), s.value("provider", ""), s.value("kind", ""),
                    s.value("created_at", ""), Join(s.value("used_by", nlohmann::json::array())),
                    s.value("id", "")});
  };
  if (j.contains("secrets")) {
    for (const auto& s : j["secrets"]) add(s);
  } else {
    add(j);
  }
  PrintTable({"NAME", "PROVIDER", "KIND", "CREATED", "USED BY", "ID"}, rows);
  return 0;
}

}  // namespace

void AddSecretCommand(CLI::App& app) {
  auto args = std::make_shared<SecretArgs>();
  auto* cmd = app.add_subcommand("secret", "Store and manage connector credentials (via the API)");
  cmd->require_subcommand(1);

  auto* add = cmd->add_subcommand("add", "Store a secret (its value can never be read back)");
  add->add_option("--name", args->name, "secret name")->required();
  add->add_option("--provider", args->provider, "Azure, GCP or OCI")->required();
  add->add_option("--kind", args->kind,
                  "azure_service_principal, azure_storage_key, azure_sas, gcp_service_account, oci_api_key")
      ->required();
  add->add_option("--value-file", args->value_file, "JSON object of the kind's fields ('-' for stdin)");
  add->add_option("--set", args->sets, "field key=value (visible to other users of this machine: prefer files)");
  add->add_option("--set-file", args->set_files, "field key=path, e.g. key_json=sa.json, private_key=key.pem");
  AddClientOptions(add, &args->client);
  add->callback([args] {
    auto value = BuildValue(*args);
    if (!value.ok()) throw CLI::RuntimeError(ReportError(value.status()));
    nlohmann::json body = {{"name", args->name}, {"provider", args->provider}, {"kind", args->kind},
                           {"value", *value}};
    auto r = args->client.Client().Call("POST", "/api/v1/secrets", body);
    if (!r.ok()) throw CLI::RuntimeError(ReportError(r.status()));
    Print(args->client, *r);
  });

  auto* list = cmd->add_subcommand("list", "List secrets (never their values)");
  AddClientOptions(list, &args->client);
  list->callback([args] {
    auto r = args->client.Client().Call("GET", "/api/v1/secrets");
    if (!r.ok()) throw CLI::RuntimeError(ReportError(r.status()));
    Print(args->client, *r);
  });

  auto* del = cmd->add_subcommand("delete", "Delete a secret no connector uses");
  del->add_option("secret", args->target, "id or name")->required();
  AddClientOptions(del, &args->client);
  del->callback([args] {
    auto r = args->client.Client().Call("DELETE", "/api/v1/secrets/" + UriEncode(args->target));
    if (!r.ok()) throw CLI::RuntimeError(ReportError(r.status()));
    std::printf("deleted %s\n", args->target.c_str());
  });
}

}  // namespace focusd
