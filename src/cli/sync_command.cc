// focusd sync NAME: run a connector's sync now on the server and print its outcome.
#include <cstdio>

#include "cli/client_options.h"
#include "cli/commands.h"
#include "http/url_encode.h"

namespace focusd {

void AddSyncCommand(CLI::App& app) {
  struct Args {
    ClientOptions client;
    std::string connector;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("sync", "Sync a connector now (waits for the run to end)");
  cmd->add_option("connector", args->connector, "connector id or name")->required();
  AddClientOptions(cmd, &args->client);
  cmd->callback([args] {
    auto r = args->client.Client().Call("POST", "/api/v1/connectors/" + UriEncode(args->connector) + "/sync?wait=true");
    if (!r.ok()) throw CLI::RuntimeError(ReportError(r.status()));
    const auto& run = *r;
    if (args->client.output == "json") {
      std::printf("%s\n", run.dump(2).c_str());
    } else {
      std::printf("run %s: %s\n", run.value("id", "").c_str(), run.value("status", "").c_str());
      std::printf("periods: %zu, files: %lld, bytes: %lld, rows: %lld\n", run["periods"].size(),
                  static_cast<long long>(run.value("files", 0)), static_cast<long long>(run.value("bytes", 0)),
                  static_cast<long long>(run.value("rows", 0)));
      for (const auto& t : run["totals"])
        std::printf("  %s %s: %s rows, billed %s\n", t.value("period", "").c_str(), t.value("currency", "").c_str(),
                    std::to_string(t.value("rows", 0)).c_str(), t.value("billed_cost", "").c_str());
      if (!run.value("error", "").empty())
        std::printf("error: %s\nhint: %s\n", run.value("error", "").c_str(), run.value("hint", "").c_str());
    }
    if (run.value("status", "") != "succeeded") throw CLI::RuntimeError(1);
  });
}

}  // namespace focusd
