#include "cli/cli.h"

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace focusd {

int RunCli(int argc, char** argv) {
  CLI::App app{"focusd: FOCUS billing connector"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "focusd 0.1.0");
  AddServeCommand(app);
  AddTokenCommand(app);
  AddConnectorCommand(app);
  AddSecretCommand(app);
  AddSyncCommand(app);
  AddImportCommand(app);
  AddValidateCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    // Raised by a command that already reported its error; carries the exit code.
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    // Exceptions stop at this boundary; everything below returns Status.
    std::fprintf(stderr, "focusd: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace focusd
