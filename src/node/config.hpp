// Site node configuration (node.toml): where the node listens, its TLS identity, the
// datasets it serves and the policy of each. Parsed strictly: unknown keys and wrong types
// are errors naming the file, line, column and key, so a typo never loosens a policy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "node/dp_ledger.hpp"
#include "node/roster.hpp"

namespace oncoshare::node {

// Who may ask what of one dataset, and how much may leave. The node enforces all of it on
// every channel; a request can only add protection (docs/disclosure-control.md).
struct DatasetPolicy {
  std::vector<std::string> researchers;  // certificate CNs allowed; empty = any researcher
  std::vector<std::string> query_types;  // count, crosstab, histogram, km, beacon, glm, cox
  std::int64_t min_cell_size = 5;        // counts 0 < n < k never leave in clear
  bool plaintext = true;                 // aggregate answers in clear allowed (else encrypted only)
  MicroEpsilon dp_epsilon = kMicroPerEpsilon / 2;  // charged per aggregate answer (Skellam noise)
  MicroEpsilon dp_budget = 10 * kMicroPerEpsilon;  // per researcher identity on this data source
  MicroEpsilon model_epsilon = kMicroPerEpsilon;   // charged once per model fit (statistics stay exact)
  bool exact_answers = false;            // dp_epsilon = 0 (answers without noise) only when true
  std::int64_t min_subset_size = 10;     // a filter must keep at least this many patients at the node
  double min_bin_width = 5;              // histogram bins narrower than this are refused
  double min_time_step = 30;             // Kaplan-Meier and Cox time grids: days between points
  std::int64_t min_contributors = 2;     // distinct nodes an aggregate must combine before /secure/partial
  bool exact_event_times = false;        // pooled Cox models may sum per-day event counts (else min_time_step)
  std::int64_t model_rows_per_parameter = 10;  // a model needs max(min_cell_size, this x parameters) rows
  double max_saturation = 0.33;          // parameters / rows above this are refused
  std::int64_t max_model_rounds = 50;    // rounds one fit may ask
};

struct DatasetConfig {
  std::string id;                    // [A-Za-z0-9_]+, also the store table name
  std::string description;
  std::string dictionary;            // REDCap data dictionary CSV
  std::string mapping;               // optional mapping CSV
  std::vector<std::string> exports;  // REDCap record exports
  std::optional<double> min_quality_score;  // keep records scoring at least this (0-100)
  std::string consent;               // DUO consent, e.g. "DS:MONDO:0007254 IRB"
  DatasetPolicy policy;
};

struct NodeConfig {
  std::string path;  // the file read (for messages); relative paths below are resolved against its folder
  std::string name;
  std::string host = "127.0.0.1";
  int port = 8443;   // 0 = any free port
  std::string tls_cert, tls_key, tls_ca;
  std::string store = ":memory:";  // SQLite file of the loaded datasets
  std::string audit_log, dp_ledger, key_share;
  std::size_t max_request_bytes = 32 << 20;  // a 100,000-point survival grid's aggregate is ~9 MiB
  std::size_t encryption_pool = 8192;        // encryptions of zero precomputed while idle
  std::int64_t request_window_seconds = 300;
  // Nonces of replay-protected requests, per peer; kept across restarts unless ":memory:".
  // Default: replay.sqlite in the dp_ledger's folder.
  std::string replay_store;
  std::int64_t max_nonces_per_peer = 100'000;  // within the request window; beyond, the peer is refused 409
  // Connections: served by worker_threads threads, at most max_connections at once (0 =
  // unlimited) and max_connections_per_address from one client address (0 = unlimited),
  // each closed when its TLS handshake is not done within handshake_timeout_seconds (0 = none).
  std::int64_t worker_threads = 128;
  std::int64_t max_connections = 256;
  std::int64_t max_connections_per_address = 64;
  std::int64_t handshake_timeout_seconds = 5;
  // An existing key share is replaced by a new key generation only when the operator says
  // so here ([node] replace_key_share = true); otherwise /secure/dkg/start is refused.
  bool replace_key_share = false;
  std::vector<DatasetConfig> datasets;
  std::vector<RosterEntry> roster;  // [[roster]]: the federation's nodes, this one included

  // The dataset with `id`, or nullptr.
  [[nodiscard]] const DatasetConfig* find(std::string_view id) const;
};

// Reads and validates node.toml. Errors are bad_input with Location{file, line, column, field}.
[[nodiscard]] core::Result<NodeConfig> load_config(const std::string& path);
// The same from text; `name` is used in messages and `base_dir` resolves relative paths.
[[nodiscard]] core::Result<NodeConfig> parse_config(std::string_view text, const std::string& name,
                                                    const std::string& base_dir);

// [[roster]] tables for `names`, each node's certificate at <cert_dir>/<name>.crt (the
// layout `oncoshare ca issue` writes): how the demo, tests and benches write rosters.
[[nodiscard]] std::string roster_toml(const std::vector<std::string>& names, const std::string& cert_dir);

// A commented example configuration that parse_config accepts.
[[nodiscard]] std::string example_config();

}  // namespace oncoshare::node
