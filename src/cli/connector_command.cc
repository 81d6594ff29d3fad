// focusd connector add|list|show|update|delete — a client of the REST API.
#include <cstdio>

#include "cli/client_options.h"
#include "cli/commands.h"
#include "http/url_encode.h"

namespace focusd {
namespace {

struct ConnectorArgs {
  ClientOptions client;
  std::string name, provider, secret, target, new_name;
  std::vector<std::string> sets;  // key=value for provider fields
};

// The column that identifies where a connector reads from, per provider.
std::string Source(const nlohmann::json& c) {
  const auto& f = c["fields"];
  std::string p = c.value("provider", "");
  if (p == "AWS") return f.value("account_id", "") + " s3://" + f.value("bucket", "");
  if (p == "Azure") return f.value("storage_account", "");
  if (p == "GCP") return f.value("billing_account_id", "");
  return c["secret_name"].is_string() ? c["secret_name"].get<std::string>() : "";
}

std::string Str(const nlohmann::json& j, const char* key, const char* none = "") {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : none;
}

Status ApplySets(const std::vector<std::string>& sets, nlohmann::json* fields) {
  for (const auto& kv : sets) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      return Status::InvalidArgument("--set expects key=value, got '" + kv + "'", "set");
    (*fields)[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return Status::Ok();
}

int Print(const ClientOptions& o, const nlohmann::json& j) {
  if (o.output == "json") {
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  auto add = [&](const nlohmann::json& c) {
    rows.push_back({Str(c, "name"), Str(c, "provider"), Source(c), Str(c, "status"),
                    Str(c, "last_sync_at", "never"), Str(c, "id")});
  };
  if (j.contains("connectors")) {
    for (const auto& c : j["connectors"]) add(c);
  } else {
    add(j);
  }
  PrintTable({"NAME", "PROVIDER", "ACCOUNT/STORAGE", "STATUS", "LAST SYNC", "ID"}, rows);
  if (!j.contains("connectors") && j.contains("fields")) {
    for (auto& [k, v] : j["fields"].items())
      std::printf("  %s: %s\n", k.c_str(), v.is_string() ? v.get<std::string>().c_str() : v.dump().c_str());
  }
  return 0;
}

int Run(const std::string& method, const std::string& path, const ConnectorArgs& a,
        const nlohmann::json& body = nullptr) {
  auto r = a.client.Client().Call(method, path, body);
  if (!r.ok()) return ReportError(r.status());
  if (method == "DELETE") {
    std::printf("deleted %s\n", a.target.c_str());
    return 0;
  }
  return Print(a.client, *r);
}

}  // namespace

void AddConnectorCommand(CLI::App& app) {
  auto args = std::make_shared<ConnectorArgs>();
  auto* cmd = app.add_subcommand("connector", "Register and manage billing connectors (via the API)");
  cmd->require_subcommand(1);

  auto* add = cmd->add_subcommand("add", "Register a connector");
  add->add_option("--name", args->name, "Billing Connector Identification")->required();
  add->add_option("--provider", args->provider, "AWS, Azure, GCP or OCI")->required();
  add->add_option("--secret", args->secret, "secret id or name (Azure, GCP, OCI)");
  add->add_option("--set", args->sets, "provider field key=value (repeatable), e.g. account_id=123456789012");
  AddClientOptions(add, &args->client);
  add->callback([args] {
    nlohmann::json fields = nlohmann::json::object();
    Status s = ApplySets(args->sets, &fields);
    if (!s.ok()) throw CLI::RuntimeError(ReportError(s));
    nlohmann::json body = {{"name", args->name}, {"type", "FOCUS"}, {"provider", args->provider},
                           {"fields", fields}};
    if (!args->secret.empty()) body["secret_id"] = args->secret;
    if (int rc = Run("POST", "/api/v1/connectors", *args, body)) throw CLI::RuntimeError(rc);
  });

  auto* list = cmd->add_subcommand("list", "List connectors");
  AddClientOptions(list, &args->client);
  list->callback([args] {
    if (int rc = Run("GET", "/api/v1/connectors", *args)) throw CLI::RuntimeError(rc);
  });

  auto* show = cmd->add_subcommand("show", "Show one connector");
  show->add_option("connector", args->target, "id or name")->required();
  AddClientOptions(show, &args->client);
  show->callback([args] {
    if (int rc = Run("GET", "/api/v1/connectors/" + UriEncode(args->target), *args)) throw CLI::RuntimeError(rc);
  });

  auto* update = cmd->add_subcommand("update", "Change a connector's name, fields or secret");
  update->add_option("connector", args->target, "id or name")->required();
  update->add_option("--name", args->new_name, "new name");
  update->add_option("--secret", args->secret, "secret id or name");
  update->add_option("--set", args->sets, "provider field key=value (repeatable)");
  AddClientOptions(update, &args->client);
  update->callback([args] {
    ApiClient client = args->client.Client();
    auto current = client.Call("GET", "/api/v1/connectors/" + UriEncode(args->target));
    if (!current.ok()) throw CLI::RuntimeError(ReportError(current.status()));
    nlohmann::json body = {{"name", (*current)["name"]}, {"fields", (*current)["fields"]},
                           {"secret_id", (*current)["secret_id"]}};
    if (!args->new_name.empty()) body["name"] = args->new_name;
    if (!args->secret.empty()) body["secret_id"] = args->secret;
    Status s = ApplySets(args->sets, &body["fields"]);
    if (!s.ok()) throw CLI::RuntimeError(ReportError(s));
    std::string id = (*current)["id"];
    if (int rc = Run("PUT", "/api/v1/connectors/" + UriEncode(id), *args, body)) throw CLI::RuntimeError(rc);
  });

  auto* del = cmd->add_subcommand("delete", "Delete a connector");
  del->add_option("connector", args->target, "id or name")->required();
  AddClientOptions(del, &args->client);
  del->callback([args] {
    if (int rc = Run("DELETE", "/api/v1/connectors/" + UriEncode(args->target), *args)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace focusd
