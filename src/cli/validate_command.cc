// Placeholder until the FOCUS engine lands: registers the subcommand so --help lists it.
#include "cli/commands.h"

namespace focusd {

void AddValidateCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("validate", "(not yet available)");
  cmd->allow_extras();
  cmd->callback([] { throw CLI::RuntimeError("focusd validate is not available yet", 2); });
}

}  // namespace focusd
