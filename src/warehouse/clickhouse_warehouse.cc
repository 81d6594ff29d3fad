#include "warehouse/clickhouse_warehouse.h"

#include <duckdb.h>

#include <algorithm>
#include <ctime>
#include <future>
#include <map>

#include "core/random.h"
#include "core/time.h"
#include "focus/canonical_schema.h"
#include "warehouse/duckdb_warehouse.h"

namespace focusd {
namespace {

constexpr int64_t kStaleStagingSeconds = 6 * 3600;

const char* ClickHouseType(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::kDecimal: return "Nullable(Decimal(38, 18))";
    case ColumnKind::kTimestamp: return "Nullable(DateTime('UTC'))";
    case ColumnKind::kString:
    case ColumnKind::kJson: return "Nullable(String)";
  }
  return "Nullable(String)";
}

// DuckDB SQL that escapes a VARCHAR for a TabSeparated field, or for a quoted string inside a
// TabSeparated array (the same rules, plus \').
std::string DuckTsvEscape(const std::string& expr) {
  return "replace(replace(replace(replace(replace(" + expr +
         R"(, '\', '\\'), chr(9), '\t'), chr(10), '\n'), chr(13), '\r'), '''', '\'''))";
}

std::string OrNull(const std::string& expr) { return "coalesce(" + expr + R"(, '\N'))"; }

// "2024-09-01T10:00:00Z" -> "2024-09-01 10:00:00".
std::string ClickHouseDateTime(const std::string& iso) {
  std::string s = iso.substr(0, 19);
  if (s.size() > 10) s[10] = ' ';
  return s;
}

// DuckDB SQL producing one TabSeparated line of focus_costs per source row.
std::string TsvLineSql(const std::string& source, const std::string& connector, const std::string& load_id,
                       const std::string& loaded_at, const std::string& where) {
  std::vector<std::string> f;
  for (const auto& c : CanonicalColumns()) {
    std::string col = SqlIdent(std::string(c.name));
    switch (c.kind) {
      case ColumnKind::kDecimal: f.push_back(OrNull("CAST(" + col + " AS VARCHAR)")); break;
      case ColumnKind::kTimestamp: f.push_back(OrNull("strftime(" + col + ", '%Y-%m-%d %H:%M:%S')")); break;
      default: f.push_back(OrNull(DuckTsvEscape("CAST(" + col + " AS VARCHAR)")));
    }
  }
  f.push_back(OrNull(DuckTsvEscape(SqlIdent(kExtensionsColumn))));
  f.push_back(SqlQuote(TsvEscape(connector)));
  f.push_back(kBillingPeriodSql);
  f.push_back(OrNull(DuckTsvEscape("_file")));
  f.push_back(SqlQuote(load_id));
  f.push_back(SqlQuote(ClickHouseDateTime(loaded_at)));
  // Tags as keys and values; a value is what json_extract_string gives for the key (strings
  // unquoted, other JSON as text, JSON null as NULL), so tag queries match DuckDB's exactly.
  // Keys whose value is JSON null are left out: json_extract_string gives NULL for them as for
  // a missing key. (Array(Nullable(String)) is avoided: indexing it out of range crashes 18.16.)
  const std::string pointer = "'/' || replace(replace(k, '~', '~0'), '/', '~1')";
  const std::string keys =
      "(CASE WHEN json_valid(Tags) AND json_type(Tags) = 'OBJECT' THEN list_filter(json_keys(Tags), lambda k: "
      "json_extract_string(Tags, " + pointer + ") IS NOT NULL) ELSE [] END)";
  f.push_back("coalesce('[' || array_to_string(list_transform(" + keys + ", lambda k: '''' || " +
              DuckTsvEscape("k") + " || ''''), ',') || ']', '[]')");
  f.push_back("coalesce('[' || array_to_string(list_transform(" + keys + ", lambda k: '''' || " +
              DuckTsvEscape("json_extract_string(Tags, " + pointer + ")") + " || ''''), ',') || ']', '[]')");
  std::string sql = "SELECT concat_ws(chr(9)";
  for (const auto& e : f) sql += ", " + e;
  return sql + ") FROM " + SqlIdent(source) + where;
}

// Streams the single VARCHAR column of `sql` from DuckDB, handing `sink` newline-terminated
// batches of about `batch_bytes` (the sink may keep the string: it is moved out).
Status StreamLines(DuckConnection& conn, const std::string& sql, size_t batch_bytes,
                   const std::function<Status(std::string&&)>& sink) {
  duckdb_prepared_statement stmt = nullptr;
  if (duckdb_prepare(conn.raw(), sql.c_str(), &stmt) == DuckDBError) {
    std::string e = duckdb_prepare_error(stmt);
    duckdb_destroy_prepare(&stmt);
    return Status::Internal("reading the rows to load: " + e);
  }
  duckdb_pending_result pending = nullptr;
  duckdb_result result;
  bool started = duckdb_pending_prepared_streaming(stmt, &pending) == DuckDBSuccess;
  std::string error;
  if (!started) error = duckdb_pending_error(pending);
  if (started && duckdb_execute_pending(pending, &result) == DuckDBError) {
    error = duckdb_result_error(&result);
    duckdb_destroy_result(&result);
    started = false;
  }
  duckdb_destroy_pending(&pending);
  duckdb_destroy_prepare(&stmt);
  if (!started) return Status::Internal("reading the rows to load: " + error);

  Status st;
  std::string batch;
  batch.reserve(batch_bytes + (1 << 20));
  while (st.ok()) {
    duckdb_data_chunk chunk = duckdb_fetch_chunk(result);
    if (!chunk) break;
    idx_t n = duckdb_data_chunk_get_size(chunk);
    duckdb_vector vec = duckdb_data_chunk_get_vector(chunk, 0);
    auto* data = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vec));
    for (idx_t i = 0; i < n; ++i) {
      batch.append(duckdb_string_t_data(&data[i]), duckdb_string_t_length(data[i]));
      batch += '\n';
    }
    duckdb_destroy_data_chunk(&chunk);
    if (batch.size() >= batch_bytes) {
      st = sink(std::move(batch));
      batch = std::string();
      batch.reserve(batch_bytes + (1 << 20));
    }
  }
  const char* err = duckdb_result_error(&result);
  if (st.ok() && err && *err) st = Status::Internal(std::string("reading the rows to load: ") + err);
  duckdb_destroy_result(&result);
  if (st.ok() && !batch.empty()) st = sink(std::move(batch));
  return st;
}

std::string Text(const std::optional<std::string>& v) { return v ? *v : ""; }

// Totals of a focus_costs-shaped table, per period and currency, from ClickHouse.
Result<std::map<std::string, std::vector<CurrencyTotals>>> StoredTotals(ClickHouseClient& ch, const std::string& table,
                                                                       const std::string& where) {
  ASSIGN_OR_RETURN(auto rows, ch.Query("SELECT billing_period, ifNull(BillingCurrency, '') AS cur, count(), "
                                       "sum(BilledCost), sum(EffectiveCost), sum(ListCost) FROM " +
                                       ClickHouseIdent(table) + where + " GROUP BY billing_period, cur ORDER BY billing_period, cur"));
  std::map<std::string, std::vector<CurrencyTotals>> out;
  for (const auto& r : rows) {
    if (r.size() != 6) return Status::Internal("ClickHouse returned an unexpected totals row");
    CurrencyTotals t;
    t.currency = Text(r[1]);
    t.rows = std::stoll(Text(r[2]));
    t.billed_cost = r[3] ? TrimZeros(*r[3]) : "0";
    t.effective_cost = r[4] ? TrimZeros(*r[4]) : "0";
    t.list_cost = r[5] ? TrimZeros(*r[5]) : "0";
    out[Text(r[0])].push_back(t);
  }
  return out;
}

// ClickHouse 18.16's DateTime holds 1970-01-01 to 2105: a timestamp outside would be stored
// wrapped around, silently wrong, so a source with one is refused naming the column.
Status CheckTimestampRange(DuckConnection& conn, const std::string& table) {
  std::string sql = "SELECT ";
  std::vector<std::string> names;
  for (const auto& c : CanonicalColumns()) {
    if (c.kind != ColumnKind::kTimestamp) continue;
    std::string col = SqlIdent(std::string(c.name));
    sql += std::string(names.empty() ? "" : ", ") + "count(*) FILTER (WHERE " + col + " < TIMESTAMP '1970-01-01' OR " +
           col + " >= TIMESTAMP '2106-01-01')";
    names.emplace_back(c.name);
  }
  ASSIGN_OR_RETURN(DuckResult r, conn.Query(sql + " FROM " + SqlIdent(table)));
  for (size_t i = 0; i < names.size(); ++i)
    if (r.Int(0, i) > 0)
      return Status::InvalidArgument(names[i] + ": " + std::to_string(r.Int(0, i)) +
                                         " rows have a timestamp outside 1970-2105, which ClickHouse cannot store",
                                     names[i]);
  return Status::Ok();
}

std::string PartitionOf(const std::string& connector, const std::string& period) {
  return "(" + ClickHouseQuote(connector) + ", " + ClickHouseQuote(period) + ")";
}

}  // namespace

std::string ClickHouseCostColumns() {
  std::string cols;
  for (const auto& c : CanonicalColumns())
    cols += ClickHouseIdent(c.name) + " " + ClickHouseType(c.kind) + ", ";
  return cols +
         "x_extensions Nullable(String), connector_id String, billing_period String, "
         "source_file Nullable(String), load_id String, loaded_at DateTime('UTC'), "
         "tag_keys Array(String), tag_values Array(String)";
}

ClickHouseWarehouse::ClickHouseWarehouse(ClickHouseSettings settings, DuckConnection* engine)
    : settings_(std::move(settings)), engine_(engine), query_(settings_.endpoint) {
  while (!settings_.endpoint.url.empty() && settings_.endpoint.url.back() == '/') settings_.endpoint.url.pop_back();
  query_ = ClickHouseClient(settings_.endpoint);
  if (settings_.cluster.empty()) {
    shards_.push_back(std::make_unique<ClickHouseClient>(settings_.endpoint));
  } else {
    for (const auto& url : settings_.shard_urls) {
      ClickHouseEndpoint ep = settings_.endpoint;
      ep.url = url;
      while (!ep.url.empty() && ep.url.back() == '/') ep.url.pop_back();
      shards_.push_back(std::make_unique<ClickHouseClient>(ep));
    }
  }
}

Status ClickHouseWarehouse::EnsureSchema() {
  const std::string db = ClickHouseIdent(settings_.endpoint.database);
  const int64_t now = ToUnixSeconds(Clock::now());
  const std::string distributed = "CREATE TABLE IF NOT EXISTS focus_costs (" + ClickHouseCostColumns() +
                                  ") ENGINE = Distributed(" + ClickHouseIdent(settings_.cluster) + ", " + db +
                                  ", focus_costs_local, cityHash64(connector_id, billing_period))";
  for (auto& shard : shards_) {
    ClickHouseEndpoint admin = shard->endpoint();
    admin.database = "default";
    RETURN_IF_ERROR(ClickHouseClient(admin).Execute("CREATE DATABASE IF NOT EXISTS " + db));
  }
  {
    ClickHouseEndpoint admin = settings_.endpoint;
    admin.database = "default";
    RETURN_IF_ERROR(ClickHouseClient(admin).Execute("CREATE DATABASE IF NOT EXISTS " + db));
  }
  if (!settings_.cluster.empty()) {
    if (shards_.empty()) return Status::InvalidArgument("a ClickHouse cluster needs its shard URLs", "clickhouse_shards");
    ASSIGN_OR_RETURN(auto n, query_.Query("SELECT count() FROM system.clusters WHERE cluster = " +
                                          ClickHouseQuote(settings_.cluster)));
    if (n.empty() || Text(n[0][0]) != std::to_string(shards_.size()))
      return Status::InvalidArgument("ClickHouse cluster '" + settings_.cluster + "' has " +
                                         (n.empty() ? std::string("no") : Text(n[0][0])) + " shards on " +
                                         settings_.endpoint.url + " but " + std::to_string(shards_.size()) +
                                         " shard URLs are configured",
                                     "clickhouse_shards");
  }
  for (auto& shard : shards_) {
    RETURN_IF_ERROR(shard->Execute(
        "CREATE TABLE IF NOT EXISTS " + ClickHouseIdent(local_table()) + " (" + ClickHouseCostColumns() +
        ") ENGINE = MergeTree PARTITION BY (connector_id, billing_period) ORDER BY (connector_id, billing_period, "
        "ifNull(ChargePeriodStart, toDateTime(0, 'UTC')), ifNull(ServiceName, '')) "
        // A large load is many INSERTs into staging, each a part per period until merged:
        // the default limits (delay at 150 parts, refuse at 300) would throttle or fail it.
        "SETTINGS index_granularity = 8192, parts_to_delay_insert = 1000, parts_to_throw_insert = 3000"));
    if (!settings_.cluster.empty()) RETURN_IF_ERROR(shard->Execute(distributed));
    // Staging left by a load that died: focus_stage_<unix seconds>_<id>.
    ASSIGN_OR_RETURN(auto stale, shard->Query("SELECT name FROM system.tables WHERE database = currentDatabase() "
                                              "AND startsWith(name, 'focus_stage_')"));
    for (const auto& r : stale) {
      std::string name = Text(r[0]);
      int64_t created = std::atoll(name.c_str() + 12);
      if (created > 0 && now - created > kStaleStagingSeconds)
        RETURN_IF_ERROR(shard->Execute("DROP TABLE IF EXISTS " + ClickHouseIdent(name)));
    }
  }
  // The query node need not be a shard; it still needs the Distributed table.
  if (!settings_.cluster.empty() &&
      std::find(settings_.shard_urls.begin(), settings_.shard_urls.end(), settings_.endpoint.url) ==
          settings_.shard_urls.end())
    RETURN_IF_ERROR(query_.Execute(distributed));
  return query_.Execute(
      "CREATE TABLE IF NOT EXISTS focus_loads (load_id String, connector_id String, billing_period String, "
      "loaded_at DateTime('UTC'), status String, rows Int64, replaced_rows Int64, files String, totals String, "
      "message Nullable(String)) ENGINE = MergeTree ORDER BY (connector_id, billing_period, loaded_at)");
}

Result<std::vector<size_t>> ClickHouseWarehouse::ShardsOf(const std::string& connector,
                                                          const std::vector<std::string>& periods) {
  std::vector<size_t> out(periods.size(), 0);
  if (shards_.size() <= 1 || periods.empty()) return out;
  // Asked of ClickHouse, so the choice is exactly the Distributed table's sharding key.
  std::string sql = "SELECT ";
  for (size_t i = 0; i < periods.size(); ++i)
    sql += (i ? ", " : "") + std::string("cityHash64(") + ClickHouseQuote(connector) + ", " +
           ClickHouseQuote(periods[i]) + ") % " + std::to_string(shards_.size());
  ASSIGN_OR_RETURN(auto rows, query_.Query(sql));
  if (rows.size() != 1 || rows[0].size() != periods.size()) return Status::Internal("ClickHouse: unexpected shard answer");
  for (size_t i = 0; i < periods.size(); ++i) out[i] = std::stoull(Text(rows[0][i]));
  return out;
}

Result<LoadResult> ClickHouseWarehouse::Load(const std::string& connector, const LoadSource& source,
                                             const LoadOptions& options) {
  if (connector.empty()) return Status::InvalidArgument("a load needs a connector", "connector");
  if (source.conn == nullptr) return Status::InvalidArgument("the load's source needs a DuckDB connection");
  LoadResult result;
  result.connector = connector;
  result.load_id = RandomId("load");
  result.loaded_at = NowIso8601();

  // 1. Source totals.
  ASSIGN_OR_RETURN(auto src_totals, SourcePeriodTotals(*source.conn, source.table));
  if (src_totals.empty()) return Status::InvalidArgument("no rows to load");
  std::vector<std::string> periods;
  for (const auto& [p, totals] : src_totals) {
    if (!IsBillingPeriod(p)) return Status::InvalidArgument("billing period '" + p + "' is outside 1900-9999");
    PeriodLoad pl;
    pl.billing_period = p;
    pl.source = totals;
    for (const auto& t : totals) pl.rows += t.rows;
    result.rows += pl.rows;
    result.periods.push_back(std::move(pl));
    periods.push_back(p);
  }
  RETURN_IF_ERROR(CheckTimestampRange(*source.conn, source.table));
  ASSIGN_OR_RETURN(std::vector<size_t> shard_of, ShardsOf(connector, periods));
  nlohmann::json files = source.files;

  std::string period_list;
  for (const auto& p : periods) period_list += (period_list.empty() ? "" : ", ") + ClickHouseQuote(p);
  const std::string key_filter =
      " WHERE connector_id = " + ClickHouseQuote(connector) + " AND billing_period IN (" + period_list + ")";
  const std::string stage = "focus_stage_" + std::to_string(ToUnixSeconds(Clock::now())) + "_" + RandomHex(6);
  std::vector<bool> staged_on(shards_.size(), false);
  auto drop_staging = [&] {
    for (size_t s = 0; s < shards_.size(); ++s)
      if (staged_on[s]) (void)Shard(s).Execute("DROP TABLE IF EXISTS " + ClickHouseIdent(stage));
  };
  auto record = [&](const std::string& status, const std::string& message) -> Status {
    std::string tsv;
    for (const auto& pl : result.periods)
      tsv += TsvEscape(result.load_id) + "\t" + TsvEscape(connector) + "\t" + pl.billing_period + "\t" +
             ClickHouseDateTime(result.loaded_at) + "\t" + status + "\t" + std::to_string(pl.rows) + "\t" +
             std::to_string(status == "committed" ? pl.replaced_rows : 0) + "\t" + TsvEscape(files.dump()) + "\t" +
             TsvEscape(TotalsJson(pl.source).dump()) + "\t" + (message.empty() ? "\\N" : TsvEscape(message)) + "\n";
    return query_.InsertTsv("focus_loads", tsv);
  };
  auto fail = [&](Status st) -> Status {
    drop_staging();
    (void)record("failed", st.message());
    return st;
  };

  // 2. Staging, filled from the source, one streamed query per shard.
  for (size_t s = 0; s < shards_.size(); ++s) {
    std::string mine;
    for (size_t i = 0; i < periods.size(); ++i)
      if (shard_of[i] == s) mine += (mine.empty() ? "" : ", ") + SqlQuote(periods[i]);
    if (mine.empty()) continue;
    Status st = Shard(s).Execute("CREATE TABLE " + ClickHouseIdent(stage) + " AS " + ClickHouseIdent(local_table()));
    if (!st.ok()) return fail(st);
    staged_on[s] = true;
    std::future<Status> in_flight;
    std::string where = shards_.size() > 1 ? std::string(" WHERE ") + kBillingPeriodSql + " IN (" + mine + ")" : "";
    st = StreamLines(*source.conn, TsvLineSql(source.table, connector, result.load_id, result.loaded_at, where),
                     settings_.batch_bytes, [&](std::string&& batch) -> Status {
                       // One INSERT in flight while DuckDB produces the next batch.
                       if (in_flight.valid()) RETURN_IF_ERROR(in_flight.get());
                       in_flight = std::async(std::launch::async, [&ch = Shard(s), &stage, b = std::move(batch)] {
                         return ch.InsertTsv(stage, b);
                       });
                       return Status::Ok();
                     });
    if (in_flight.valid()) {
      Status last = in_flight.get();
      if (st.ok()) st = last;
    }
    if (!st.ok()) return fail(st.WithContext("loading into ClickHouse"));
  }

  // 3. What staging holds must be what the source holds, per period and currency.
  std::map<std::string, std::vector<CurrencyTotals>> staged;
  for (size_t s = 0; s < shards_.size(); ++s) {
    if (!staged_on[s]) continue;
    auto t = StoredTotals(Shard(s), stage, "");
    if (!t.ok()) return fail(t.status());
    for (auto& [p, v] : *t) staged[p] = v;
  }
  for (auto& pl : result.periods) {
    pl.stored = staged[pl.billing_period];
    if (pl.stored != pl.source)
      return fail(Status::Internal("billing period " + pl.billing_period + ": ClickHouse's totals after loading (" +
                                   DescribeTotals(pl.stored) + ") differ from the source files' (" +
                                   DescribeTotals(pl.source) + "); the previous version was kept"));
  }
  auto old = query_.Query("SELECT billing_period, count() FROM focus_costs" + key_filter + " GROUP BY billing_period");
  if (!old.ok()) return fail(old.status());
  for (const auto& r : *old)
    for (auto& pl : result.periods)
      if (pl.billing_period == Text(r[0])) pl.replaced_rows = std::stoll(Text(r[1]));
  if (options.on_step) RETURN_IF_ERROR(options.on_step("staged"));

  // 4. The swap, one atomic partition replacement per period.
  for (size_t i = 0; i < periods.size(); ++i) {
    Status st = Shard(shard_of[i]).Execute("ALTER TABLE " + ClickHouseIdent(local_table()) + " REPLACE PARTITION " +
                                           PartitionOf(connector, periods[i]) + " FROM " + ClickHouseIdent(stage));
    if (!st.ok()) return fail(st.WithContext("billing period " + periods[i]));
    for (size_t s = 0; s < shards_.size(); ++s)
      if (s != shard_of[i])
        RETURN_IF_ERROR(Shard(s).Execute("ALTER TABLE " + ClickHouseIdent(local_table()) + " DROP PARTITION " +
                                         PartitionOf(connector, periods[i])));
    if (options.on_step) RETURN_IF_ERROR(options.on_step("swapped " + periods[i]));
  }

  // 5. Clean up and record.
  drop_staging();
  RETURN_IF_ERROR(record("committed", ""));
  return result;
}

Status ClickHouseWarehouse::DeletePeriod(const PeriodKey& key) {
  if (!IsBillingPeriod(key.billing_period))
    return Status::InvalidArgument("billing period must be YYYY-MM, got '" + key.billing_period + "'",
                                   "billing_period");
  for (auto& shard : shards_)
    RETURN_IF_ERROR(shard->Execute("ALTER TABLE " + ClickHouseIdent(local_table()) + " DROP PARTITION " +
                                   PartitionOf(key.connector, key.billing_period)));
  return Status::Ok();
}

Result<std::vector<StoredPeriod>> ClickHouseWarehouse::ListPeriods(const std::string& connector) {
  std::string where = connector.empty() ? "" : " WHERE connector_id = " + ClickHouseQuote(connector);
  ASSIGN_OR_RETURN(auto rows, query_.Query(
      "SELECT connector_id, billing_period, max(load_id), formatDateTime(max(loaded_at), '%Y-%m-%dT%H:%M:%SZ'), "
      "ifNull(BillingCurrency, '') AS cur, count(), sum(BilledCost), sum(EffectiveCost), sum(ListCost) "
      "FROM focus_costs" + where + " GROUP BY connector_id, billing_period, cur ORDER BY connector_id, billing_period, cur"));
  std::vector<StoredPeriod> out;
  for (const auto& r : rows) {
    if (r.size() != 9) return Status::Internal("ClickHouse returned an unexpected periods row");
    if (out.empty() || out.back().key.connector != Text(r[0]) || out.back().key.billing_period != Text(r[1]))
      out.push_back({{Text(r[0]), Text(r[1])}, Text(r[2]), Text(r[3]), 0, {}});
    CurrencyTotals t{Text(r[4]), std::stoll(Text(r[5])), r[6] ? TrimZeros(*r[6]) : "0",
                     r[7] ? TrimZeros(*r[7]) : "0", r[8] ? TrimZeros(*r[8]) : "0"};
    out.back().rows += t.rows;
    out.back().totals.push_back(t);
  }
  return out;
}

}  // namespace focusd
