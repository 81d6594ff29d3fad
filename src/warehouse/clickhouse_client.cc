#include "warehouse/clickhouse_client.h"

#include <openssl/evp.h>

#include "http/http_client.h"
#include "http/url_encode.h"

namespace focusd {
namespace {

std::string Base64(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(n);
  return out;
}

// ClickHouse errors read "Code: 60, e.displayText() = DB::Exception: Table x doesn't exist.,
// e.what() = DB::Exception": keep the useful middle part.
std::string ErrorText(const std::string& body) {
  std::string s = body;
  size_t p = s.find("e.displayText() = ");
  if (p != std::string::npos) s = s.substr(p + 18);
  size_t w = s.find(", e.what()");
  if (w != std::string::npos) s = s.substr(0, w);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  if (s.size() > 2000) s = s.substr(0, 2000) + "...";
  return s;
}

}  // namespace

Result<std::string> ClickHouseClient::Post(const std::string& query_param, const std::string& body) {
  HttpRequest req;
  req.method = "POST";
  // wait_end_of_query: the server buffers the result, so a failure midway is an HTTP error
  // rather than a 200 with an error appended to partial output.
  req.url = ep_.url + "/?database=" + UriEncode(ep_.database) + "&wait_end_of_query=1";
  if (!query_param.empty()) req.url += "&query=" + UriEncode(query_param);
  req.body = body;
  req.timeout = std::chrono::milliseconds(600000);
  req.headers.push_back({"Authorization", "Basic " + Base64(ep_.user + ":" + ep_.password.Reveal())});
  req.headers.push_back({"Content-Type", "text/plain; charset=utf-8"});
  auto r = HttpClient::Send(req);
  if (!r.ok()) return Status::Unavailable("ClickHouse at " + ep_.url + ": " + r.status().message());
  if (r->status == 401 || r->status == 403 || r->body.find("Code: 193,") == 0 || r->body.find("Code: 192,") == 0)
    return Status::Unauthenticated("ClickHouse at " + ep_.url + " refused user '" + ep_.user + "': " + ErrorText(r->body));
  if (r->status != 200) return Status::Internal("ClickHouse at " + ep_.url + ": " + ErrorText(r->body));
  return std::move(r->body);
}

Status ClickHouseClient::Execute(const std::string& sql) { return Post("", sql).status(); }

Result<std::vector<ClickHouseRow>> ClickHouseClient::Query(const std::string& sql) {
  ASSIGN_OR_RETURN(std::string body, Post("", sql + " FORMAT TabSeparated"));
  return ParseTsv(body);
}

Status ClickHouseClient::InsertTsv(const std::string& table, const std::string& tsv) {
  return Post("INSERT INTO " + ClickHouseIdent(table) + " FORMAT TabSeparated", tsv).status();
}

std::string ClickHouseQuote(std::string_view s) { return "'" + TsvEscape(s) + "'"; }

std::string ClickHouseIdent(std::string_view s) {
  std::string out = "`";
  for (char c : s) {
    if (c == '`' || c == '\\') out += '\\';
    out += c;
  }
  return out + "`";
}

std::string TsvEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\0': out += "\\0"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: out += c;
    }
  }
  return out;
}

std::string TsvUnescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case '0': out += '\0'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'a': out += '\a'; break;
      case 'v': out += '\v'; break;
      default: out += c;  // \\ \' and any other escaped character
    }
  }
  return out;
}

std::vector<ClickHouseRow> ParseTsv(std::string_view body) {
  std::vector<ClickHouseRow> rows;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t eol = body.find('\n', pos);
    if (eol == std::string_view::npos) eol = body.size();
    std::string_view line = body.substr(pos, eol - pos);
    ClickHouseRow row;
    size_t f = 0;
    while (true) {
      size_t tab = line.find('\t', f);
      std::string_view field = line.substr(f, tab == std::string_view::npos ? std::string_view::npos : tab - f);
      if (field == "\\N") row.push_back(std::nullopt);
      else row.push_back(TsvUnescape(field));
      if (tab == std::string_view::npos) break;
      f = tab + 1;
    }
    rows.push_back(std::move(row));
    pos = eol + 1;
  }
  return rows;
}

}  // namespace focusd
