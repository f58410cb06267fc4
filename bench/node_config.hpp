// node.toml text for the bench site nodes, each run as its own `oncoshare node serve`
// process (node/node_process.hpp) as the demo runs them.
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "node/config.hpp"

namespace oncoshare::bench {

// The [datasets.policy] keys of the bench nodes unless told otherwise: exact answers, so
// results can be compared with plaintext ones.
inline constexpr const char* kExactAnswers = R"(dp_epsilon = "0"
exact_answers = true
)";

// node.toml for bench site `site` in `dir` (certificates in dir/certs, CA in dir/ca, its
// export in dir/data/<site>.csv, state in dir/<site>/), serving dataset "registry" with
// DUO consent `consent` to sums over at least two nodes, with `pool` encryptions made in
// idle time, in a federation of the nodes `roster`; `policy` adds [datasets.policy] keys and
// `node_extra` [node] keys.
inline std::string bench_node_config(const std::string& dir, const std::string& site, const std::string& consent,
                                     const std::vector<std::string>& roster, std::size_t pool = 0,
                                     const std::string& policy = kExactAnswers, const std::string& node_extra = "") {
  return fmt::format(R"([node]
name = "{site}"
listen = "127.0.0.1:0"
audit_log = "{dir}/{site}/audit.log"
dp_ledger = "{dir}/{site}/ledger.sqlite"
key_share = "{dir}/{site}/key_share.json"
encryption_pool = {pool}
{node_extra}

[tls]
cert = "{dir}/certs/{site}.crt"
key = "{dir}/certs/{site}.key"
ca = "{dir}/ca/ca.crt"

[[datasets]]
id = "registry"
dictionary = "{dir}/data/dictionary.csv"
exports = ["{dir}/data/{site}.csv"]
consent = "{consent}"
[datasets.policy]
min_contributors = 2
{policy}{roster})",
                     fmt::arg("dir", dir), fmt::arg("site", site), fmt::arg("consent", consent), fmt::arg("pool", pool), fmt::arg("policy", policy),
                     fmt::arg("node_extra", node_extra),
                     fmt::arg("roster", node::roster_toml(roster, dir + "/certs")));
}

}  // namespace oncoshare::bench
