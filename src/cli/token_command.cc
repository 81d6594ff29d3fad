#include "cli/commands.h"

namespace focusd {

void AddTokenCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("token", "(not yet available)");
  cmd->allow_extras();
}

}  // namespace focusd
