// Placeholder until the FOCUS engine lands: registers the subcommand so --help lists it.
#include "cli/commands.h"

namespace focusd {

void AddImportCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("import", "(not yet available)");
  cmd->allow_extras();
  cmd->callback([] { throw CLI::RuntimeError("focusd import is not available yet", 2); });
}

}  // namespace focusd
