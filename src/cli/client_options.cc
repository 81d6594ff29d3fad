#include "cli/client_options.h"

#include <cstdio>
#include <cstdlib>

namespace focusd {

void AddClientOptions(CLI::App* cmd, ClientOptions* opts) {
  if (const char* s = std::getenv("FOCUSD_SERVER")) opts->server = s;
  if (const char* t = std::getenv("FOCUSD_TOKEN")) opts->token = t;
  cmd->add_option("--server", opts->server, "focusd server URL (env FOCUSD_SERVER)");
  cmd->add_option("--token", opts->token, "API token (env FOCUSD_TOKEN)");
  cmd->add_option("--output,-o", opts->output, "table or json")->check(CLI::IsMember({"table", "json"}));
}

int ReportError(const Status& s) {
  std::fprintf(stderr, "focusd: %s\n", s.message().c_str());
  return s.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

void PrintTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width(header.size());
  for (size_t i = 0; i < header.size(); ++i) width[i] = header[i].size();
  for (const auto& r : rows)
    for (size_t i = 0; i < r.size() && i < width.size(); ++i) width[i] = std::max(width[i], r[i].size());
  auto print = [&](const std::vector<std::string>& r) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
    }
    std::printf("%s\n", line.c_str());
  };
  print(header);
  for (const auto& r : rows) print(r);
}

}  // namespace focusd
