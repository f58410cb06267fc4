#include "node/config.hpp"

#include <fmt/format.h>

namespace oncoshare::node {

std::string roster_toml(const std::vector<std::string>& names, const std::string& cert_dir) {
  std::string out;
  for (const auto& name : names) {
    out += fmt::format("\n[[roster]]\nname = \"{0}\"\ncertificate = \"{1}/{0}.crt\"\n", name, cert_dir);
  }
  return out;
}

std::string example_config() {
  return R"(# oncoshare site node configuration. Relative paths are resolved against this file's folder.

[node]
name = "site_1"                    # shown in the catalog and Beacon meta
listen = "127.0.0.1:8443"          # HOST:PORT; port 0 picks a free port
store = ":memory:"                 # SQLite file of the loaded datasets (":memory:" = rebuilt at start)
audit_log = "audit.log"            # hash-chained audit log, checkpoints signed with tls.key
dp_ledger = "dp_ledger.sqlite"     # differential-privacy budget ledger (survives restarts)
key_share = "key_share.json"       # this node's threshold key share (written 0600 by the DKG)
max_request_bytes = 33554432       # larger request bodies are refused with 413 (32 MiB)
request_window_seconds = 300       # accepted clock difference for request timestamps
encryption_pool = 8192             # encryptions of zero made in idle time (64 bytes each; 0 = none)
replace_key_share = false          # a node holding a key share refuses a new key generation
                                   # (409 key_share_exists) unless this is true; a replacement
                                   # is written to stderr and the audit log
replay_store = "replay.sqlite"     # nonces of signed requests, per certificate (":memory:" = lost at restart)
max_nonces_per_peer = 100000       # requests one certificate may send per window; beyond, 409 replay_rejected
worker_threads = 128               # connections served at once; must exceed max_connections_per_address
max_connections = 256              # open connections at most (0 = unlimited); more are closed at once
max_connections_per_address = 64   # open connections from one client address at most (0 = unlimited)
handshake_timeout_seconds = 5      # a TLS handshake not done by then is cut (0 = no deadline)

[tls]                              # issued by `oncoshare ca issue --node site_1`
cert = "site_1.crt"
key = "site_1.key"                 # 0600
ca = "ca.crt"                      # the federation CA: the only issuer clients may present

[[datasets]]
id = "registry"                    # [A-Za-z0-9_]; also the store table name
description = "Cancer registry, site 1"
dictionary = "dictionary.csv"      # REDCap data dictionary
mapping = "mapping.csv"            # optional mapping columns
exports = ["site_1.csv"]           # REDCap record exports (flat, labels or EAV)
min_quality_score = 80             # optional: drop records scoring below (0-100)
consent = "HMB IRB"                # GA4GH DUO consent: permission + modifiers

[datasets.policy]                  # enforced by this node on every channel (docs/disclosure-control.md)
researchers = []                   # certificate CNs allowed; empty = every researcher of the CA
query_types = ["count", "crosstab", "histogram", "km", "beacon", "glm", "cox"]
min_cell_size = 5                  # counts 0 < n < 5 never leave the node in clear; a request may ask for more
plaintext = true                   # allow aggregate answers in clear (else encrypted only)
dp_epsilon = "0.5"                 # epsilon charged per aggregate answer (counts, tables, histograms,
                                   # survival curves, Beacon counts), each carrying Skellam noise
dp_budget = "10"                   # epsilon budget per researcher (certificate subject and issuer) on
                                   # this data source (the exports' content, whatever the dataset id)
model_epsilon = "1"                # charged once per model fit (model statistics stay exact)
exact_answers = false              # true allows dp_epsilon = "0": exact answers under the query-set
                                   # controls below (subset size, bin width, grid step, overlap)
min_subset_size = 10               # exact answers: a filter must keep at least this many patients here
min_bin_width = 5                  # histogram bins at least this wide (exact: edges on multiples of it)
min_time_step = 30                 # days between survival grid points, Kaplan-Meier and Cox
min_contributors = 2               # nodes an aggregate must combine before this node helps decrypt it
exact_event_times = false          # pooled Cox models may use per-day event counts (else min_time_step)
model_rows_per_parameter = 10      # a model needs max(min_cell_size, 10 x parameters) rows at this node
max_saturation = 0.33              # parameters / rows above this are refused
max_model_rounds = 50              # rounds one model fit may ask

# The federation's nodes, this one included, each bound to its certificate (pinned). Only
# nodes listed here count as contributors to an aggregate, model-round participants or
# key-generation participants; without a roster the node answers in clear only.
[[roster]]
name = "site_1"
certificate = "site_1.crt"

[[roster]]
name = "site_2"
certificate = "site_2.crt"
)";
}

}  // namespace oncoshare::node
