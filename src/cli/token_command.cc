// focusd token create: a new API token, printed once. Works on the data dir directly
// (server stopped) or through a running server's API (--server with an existing --token).
#include <cstdio>
#include <cstdlib>

#include "cli/client_options.h"
#include "cli/commands.h"
#include "cli/data_dir.h"

namespace focusd {

void AddTokenCommand(CLI::App& app) {
  struct Args {
    std::string name = "cli";
    std::string data_dir = "var";
    ClientOptions client;
    bool via_api = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("token", "Manage API tokens");
  cmd->require_subcommand(1);
  auto* create = cmd->add_subcommand("create", "Create an API token (printed once)");
  create->add_option("--name", args->name, "what the token is for");
  if (const char* d = std::getenv("FOCUSD_DATA_DIR")) args->data_dir = d;
  create->add_option("--data-dir", args->data_dir, "data directory (server stopped)");
  create->add_flag("--via-api", args->via_api, "ask a running server instead (needs --token)");
  AddClientOptions(create, &args->client);
  create->callback([args] {
    std::string token;
    if (args->via_api) {
      auto r = args->client.Client().Call("POST", "/api/v1/tokens", {{"name", args->name}});
      if (!r.ok()) throw CLI::RuntimeError(ReportError(r.status()));
      token = (*r)["token"];
    } else {
      auto dir = OpenDataDir(args->data_dir);
      if (!dir.ok()) throw CLI::RuntimeError(ReportError(dir.status()));
      auto t = dir->catalog->CreateToken(args->name);
      if (!t.ok()) throw CLI::RuntimeError(ReportError(t.status()));
      token = *t;
    }
    std::printf("%s\n", token.c_str());
  });
}

}  // namespace focusd
