// A small client for ClickHouse's HTTP interface (port 8123): a statement is POSTed as the
// request body, results come back as TabSeparated. User and password travel in a Basic
// Authorization header, never in the URL, and no error message carries them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/secret_string.h"
#include "core/status.h"

namespace focusd {

struct ClickHouseEndpoint {
  std::string url;                  // http://host:8123 (no path, no credentials)
  std::string user = "default";
  SecretString password;
  std::string database = "default";
};

using ClickHouseRow = std::vector<std::optional<std::string>>;  // nullopt for \N

class ClickHouseClient {
 public:
  explicit ClickHouseClient(ClickHouseEndpoint endpoint) : ep_(std::move(endpoint)) {}

  // A statement without a result (DDL, ALTER, INSERT ... VALUES/SELECT).
  Status Execute(const std::string& sql);
  // A SELECT; rows parsed from TabSeparated.
  Result<std::vector<ClickHouseRow>> Query(const std::string& sql);
  // INSERT INTO `table` FORMAT TabSeparated with `tsv` (rows already escaped, '\n'-terminated).
  Status InsertTsv(const std::string& table, const std::string& tsv);

  const ClickHouseEndpoint& endpoint() const { return ep_; }

 private:
  Result<std::string> Post(const std::string& query_param, const std::string& body);
  ClickHouseEndpoint ep_;
};

// A ClickHouse string literal: 'text' with backslash, quote and control characters escaped.
std::string ClickHouseQuote(std::string_view s);
// A ClickHouse identifier in backquotes.
std::string ClickHouseIdent(std::string_view s);
// TabSeparated field escaping/unescaping (\\, \t, \n, \r, \0, \b, \f, \', ...).
std::string TsvEscape(std::string_view s);
std::string TsvUnescape(std::string_view s);
// Splits a TabSeparated body into rows of fields; "\N" becomes nullopt.
std::vector<ClickHouseRow> ParseTsv(std::string_view body);

}  // namespace focusd
