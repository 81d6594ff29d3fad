// Each subcommand registers itself on the CLI11 app from its own file.
#pragma once

#include <CLI/CLI.hpp>

namespace focusd {

void AddServeCommand(CLI::App& app);       // serve_command.cc
void AddTokenCommand(CLI::App& app);       // token_command.cc
void AddConnectorCommand(CLI::App& app);   // connector_command.cc (API client)
void AddSecretCommand(CLI::App& app);      // secret_command.cc (API client)
void AddSyncCommand(CLI::App& app);       // sync_command.cc (API client)
void AddImportCommand(CLI::App& app);      // import_command.cc (FOCUS engine)
void AddValidateCommand(CLI::App& app);    // validate_command.cc (FOCUS engine)

// Where the embedded database lives inside a data dir.
inline std::string DatabasePath(const std::string& data_dir) { return data_dir + "/focusd.duckdb"; }

}  // namespace focusd
