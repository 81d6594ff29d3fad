// Command-line entry point: parses the subcommand and runs it. Returns the process exit code.
#pragma once

namespace focusd {

int RunCli(int argc, char** argv);

}  // namespace focusd
