// The Warehouse in ClickHouse (18.16 and later), over its HTTP interface.
//
// Tables (in ClickHouseSettings::endpoint.database):
//   focus_costs  the canonical columns (Decimal(38,18) money, DateTime('UTC') timestamps, JSON
//                as String), x_extensions, lineage (connector_id, billing_period, source_file,
//                load_id, loaded_at) and Tags as two arrays tag_keys/tag_values (the values as
//                DuckDB's json_extract_string gives them, null-valued keys left out, so both backends filter and group
//                tags identically; 18.16 has no real JSON functions).
//                MergeTree PARTITION BY (connector_id, billing_period): a key is one partition,
//                replaced as a unit. ORDER BY (connector_id, billing_period, ChargePeriodStart,
//                ServiceName): the views filter by connector and date and group by service.
//   focus_loads  one row per (load, period), as in DuckDB (on the query node only).
// With a cluster, every shard holds focus_costs_local (the MergeTree above) and focus_costs is
// a Distributed table over it with sharding key cityHash64(connector_id, billing_period): a
// (connector, period) lives on exactly one shard, chosen the way the Distributed engine would.
//
// A load of (connector, periods):
//   1. totals of the source per period/currency (DuckDB);
//   2. a staging table focus_stage_<time>_<id> (same structure) on each shard receiving rows;
//      rows are streamed into it as TabSeparated in batches;
//   3. staging totals are compared with the source's; any difference drops staging and fails;
//   4. per period, ALTER TABLE ... REPLACE PARTITION (connector, period) FROM staging: one
//      atomic swap of the partition's parts, so readers see the old rows or the new ones;
//      with a cluster, the key's partition is then dropped on every other shard (a key that
//      moved shards after a shard list change);
//   5. staging is dropped and the load recorded in focus_loads.
// If focusd dies during 1-3, focus_costs is untouched; a leftover staging table is dropped by
// EnsureSchema once it is older than six hours. If it dies during 4, each period is either
// wholly old or wholly new (periods of one load are swapped one by one, not all at once);
// loading again completes it. If it dies during 5, the data is loaded but the load may be
// missing from focus_loads (and ListPeriods, which reads focus_costs, is right).
// Timestamps keep whole seconds (18.16 has no DateTime64); a source with a timestamp outside
// 1970-2105 (DateTime's range) is refused, naming the column.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "db/duckdb.h"
#include "warehouse/clickhouse_client.h"
#include "warehouse/warehouse.h"

namespace focusd {

struct ClickHouseSettings {
  ClickHouseEndpoint endpoint;          // schema, queries and focus_loads go here
  // Name of a cluster in the servers' <remote_servers> ("" = single node), and the HTTP URLs
  // of its shards in the cluster's order (each reached with endpoint's user and password).
  std::string cluster;
  std::vector<std::string> shard_urls;
  size_t batch_bytes = 32 << 20;        // TabSeparated bytes per INSERT
};

class ClickHouseWarehouse : public Warehouse {
 public:
  // `engine` is the FOCUS engine's DuckDB connection: Load() sources are read on it.
  ClickHouseWarehouse(ClickHouseSettings settings, DuckConnection* engine);

  Status EnsureSchema() override;
  Result<LoadResult> Load(const std::string& connector, const LoadSource& source,
                          const LoadOptions& options = {}) override;
  Status DeletePeriod(const PeriodKey& key) override;
  Result<std::vector<StoredPeriod>> ListPeriods(const std::string& connector = "") override;

  // The MergeTree that holds the rows on each shard (focus_costs, or focus_costs_local).
  std::string local_table() const { return settings_.cluster.empty() ? "focus_costs" : "focus_costs_local"; }

 private:
  ClickHouseClient& Shard(size_t i) { return *shards_[i]; }
  Result<std::vector<size_t>> ShardsOf(const std::string& connector, const std::vector<std::string>& periods);

  ClickHouseSettings settings_;
  DuckConnection* engine_;
  ClickHouseClient query_;
  std::vector<std::unique_ptr<ClickHouseClient>> shards_;  // one (the endpoint) without a cluster
};

// The ClickHouse column list of focus_costs ("name Type, ...").
std::string ClickHouseCostColumns();

}  // namespace focusd
