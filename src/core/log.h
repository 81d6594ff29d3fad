// Structured logging: one JSON object per line on stderr (or logfmt-free plain text for a
// terminal), through spdlog. Call sites use spdlog directly: spdlog::info("connector {} saved", id).
// Never pass a secret's value to a log call: secrets are SecretString (core/secret_string.h),
// which has no formatter.
#pragma once

#include <string>

namespace focusd {

enum class LogFormat { kJson, kText };

// Sets up the default logger. level: trace|debug|info|warn|error|off.
void InitLogging(const std::string& level, LogFormat format);

}  // namespace focusd
