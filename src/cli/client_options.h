// Registers the shared client flags on a CLI subcommand.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/api_client.h"

namespace focusd {

void AddClientOptions(CLI::App* cmd, ClientOptions* opts);
// Prints a Status to stderr as "focusd: <message>" and returns the exit code for it.
int ReportError(const Status& s);
// Prints rows as an aligned table with a header row.
void PrintTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

}  // namespace focusd
