// focusd: one binary, subcommands serve | connector | secret | token | sync | import | validate | query.
#include "cli/cli.h"

int main(int argc, char** argv) { return focusd::RunCli(argc, argv); }
