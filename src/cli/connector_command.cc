#include "cli/commands.h"

namespace focusd {

void AddConnectorCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("connector", "(not yet available)");
  cmd->allow_extras();
}

}  // namespace focusd
