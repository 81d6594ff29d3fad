#include "cli/cli.h"

#include <CLI/CLI.hpp>

namespace focusd {

int RunCli(int argc, char** argv) {
  CLI::App app{"focusd: FOCUS billing connector"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}

}  // namespace focusd
