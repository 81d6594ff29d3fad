// focusd query — costs from a running server's /api/v1/costs (the same query the billing
// pages use), printed as a table, JSON or CSV.
#include <cstdio>

#include "cli/client_options.h"
#include "cli/commands.h"
#include "http/url_encode.h"

namespace focusd {
namespace {

struct QueryArgs {
  std::string server = "http://127.0.0.1:8080", token, output = "table";
  std::string metric = "billed", granularity, from, to, order;
  std::vector<std::string> group_by, providers, connectors, services, accounts, regions, tags;
  int limit = 0;
};

std::string Cell(const nlohmann::json& v) {
  if (v.is_null()) return "";
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string BuildPath(const QueryArgs& a) {
  std::string p = "/api/v1/costs?metric=" + UriEncode(a.metric);
  auto add = [&](const char* name, const std::string& v) {
    if (!v.empty()) p += std::string("&") + name + "=" + UriEncode(v);
  };
  for (const auto& g : a.group_by) add("group_by", g);
  add("granularity", a.granularity);
  add("from", a.from);
  add("to", a.to);
  add("order", a.order);
  for (const auto& v : a.providers) add("provider", v);
  for (const auto& v : a.connectors) add("connector", v);
  for (const auto& v : a.services) add("service", v);
  for (const auto& v : a.accounts) add("account", v);
  for (const auto& v : a.regions) add("region", v);
  for (const auto& v : a.tags) add("tag", v);
  if (a.limit > 0) add("limit", std::to_string(a.limit));
  return p;
}

int RunQuery(const QueryArgs& a) {
  auto r = ApiClient(a.server, a.token).Call("GET", BuildPath(a));
  if (!r.ok()) return ReportError(r.status());
  const nlohmann::json& j = *r;
  if (a.output == "json") {
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::vector<std::string> header;
  for (const auto& d : j["dimensions"]) header.push_back(d.get<std::string>());
  header.push_back("currency");
  header.push_back(j.value("metric", "cost"));
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : j["rows"]) {
    std::vector<std::string> cells;
    for (const auto& d : j["dimensions"]) cells.push_back(Cell(row[d.get<std::string>()]));
    cells.push_back(Cell(row["currency"]));
    cells.push_back(Cell(row["cost"]));
    rows.push_back(std::move(cells));
  }
  if (a.output == "csv") {
    for (size_t i = 0; i < header.size(); ++i) std::printf("%s%s", i ? "," : "", CsvField(header[i]).c_str());
    std::printf("\n");
    for (const auto& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) std::printf("%s%s", i ? "," : "", CsvField(row[i]).c_str());
      std::printf("\n");
    }
    return 0;
  }
  PrintTable(header, rows);
  for (const auto& t : j["totals"])
    std::printf("total %s %s (%s rows)\n", Cell(t["currency"]).c_str(), Cell(t["cost"]).c_str(), Cell(t["rows"]).c_str());
  if (j.value("truncated", false)) std::printf("(more rows than --limit; raise it to see all)\n");
  return 0;
}

}  // namespace

void AddQueryCommand(CLI::App& app) {
  auto a = std::make_shared<QueryArgs>();
  auto* cmd = app.add_subcommand("query", "Query costs from a running server (GET /api/v1/costs)");
  cmd->add_option("--group-by,-g", a->group_by,
                  "up to two of provider, connector, service, service_category, billing_account, "
                  "sub_account, region, charge_category, tag:<key>; plus day or month")
      ->delimiter(',');
  cmd->add_option("--metric,-m", a->metric, "billed, effective or list")
      ->check(CLI::IsMember({"billed", "effective", "list"}));
  cmd->add_option("--granularity", a->granularity, "none, day or month");
  cmd->add_option("--from", a->from, "first day, YYYY-MM-DD (ChargePeriodStart)");
  cmd->add_option("--to", a->to, "last day, YYYY-MM-DD (inclusive)");
  cmd->add_option("--provider", a->providers, "AWS, Azure, GCP, OCI (repeatable)");
  cmd->add_option("--connector", a->connectors, "connector id (repeatable)");
  cmd->add_option("--service", a->services, "ServiceName (repeatable)");
  cmd->add_option("--account", a->accounts, "billing or sub account id (repeatable)");
  cmd->add_option("--region", a->regions, "region id (repeatable)");
  cmd->add_option("--tag", a->tags, "key:value (repeatable, all must match)");
  cmd->add_option("--limit", a->limit, "most rows to return (default 1000)");
  cmd->add_option("--order", a->order, "cost_desc, cost_asc or key");
  cmd->add_option("--server", a->server, "focusd server URL")->envname("FOCUSD_SERVER");
  cmd->add_option("--token", a->token, "API token")->envname("FOCUSD_TOKEN");
  cmd->add_option("--output,-o", a->output, "table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
  cmd->callback([a] {
    if (int rc = RunQuery(*a)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace focusd
