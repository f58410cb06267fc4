// One in-process site node for the loopback benchmarks: a NodeServer configured from
// node.toml text, bound to a free loopback port and serving in its own thread until
// destroyed.
#pragma once

#include <fmt/format.h>

#include <memory>
#include <string>
#include <thread>

#include "core/result.hpp"
#include "node/config.hpp"
#include "node/server.hpp"

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

class RunningNode {
 public:
  // Parses `config_text` (relative paths against `base_dir`; `name` labels errors), creates
  // the server and binds it. Fails with the config or server error.
  [[nodiscard]] static core::Result<std::unique_ptr<RunningNode>> start(const std::string& config_text,
                                                                        const std::string& name,
                                                                        const std::string& base_dir) {
    auto config = node::parse_config(config_text, name, base_dir);
    if (!config) return core::fail(config.error());
    auto server = node::NodeServer::create(std::move(*config));
    if (!server) return core::fail(server.error());
    auto port = (*server)->bind();
    if (!port) return core::fail(port.error());
    return std::unique_ptr<RunningNode>(new RunningNode(std::move(*server), *port));
  }
  ~RunningNode() {
    server_->stop();
    thread_.join();
  }
  RunningNode(const RunningNode&) = delete;
  RunningNode& operator=(const RunningNode&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::size_t precomputed_encryptions() const { return server_->precomputed_encryptions(); }

 private:
  RunningNode(std::unique_ptr<node::NodeServer> server, int port) : server_(std::move(server)), port_(port) {
    thread_ = std::thread([this] { (void)server_->serve(); });
  }

  std::unique_ptr<node::NodeServer> server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace oncoshare::bench
