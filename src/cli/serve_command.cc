#include "cli/commands.h"

namespace focusd {

void AddServeCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("serve", "(not yet available)");
  cmd->allow_extras();
}

}  // namespace focusd
