// Runs a shell command line the way a user would (CLI tests, helper scripts) and keeps what it
// printed on stdout, with its exit code.
#pragma once

#include <string>

namespace focusd::testing {

struct CommandOutput {
  int exit_code = -1;  // -1 when it could not run or did not exit normally
  std::string out;     // stdout (add "2>&1" to the command for stderr too)
};

CommandOutput RunCommand(const std::string& command_line);

}  // namespace focusd::testing
