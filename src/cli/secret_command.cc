#include "cli/commands.h"

namespace focusd {

void AddSecretCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("secret", "(not yet available)");
  cmd->allow_extras();
}

}  // namespace focusd
