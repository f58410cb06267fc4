// Three real `oncoshare node serve` processes of the test federation, for attack tests:
// fresh state under a directory, optionally with a 2-of-3 key made by the honest relay.
#pragma once

#include <signal.h>

#include <filesystem>
#include <string>
#include <vector>

#include "coordinator/federation_support.hpp"
#include "node/node_process.hpp"

namespace oncoshare::coordinator::testing {

class NodeProcesses3 {
 public:
  enum class Key { make, none };

  // Each node's dataset has the policy lines `policy` (node_toml()).
  explicit NodeProcesses3(const std::string& dir, Key key = Key::make, const std::string& policy = kExactPolicy)
      : dir_(dir), policy_(policy) {
    for (int k = 1; k <= kSites; ++k) {
      std::filesystem::create_directories(state(k));
      write_config(k, "");
      auto started = node::NodeProcess::start(ONCOSHARE_BINARY, config(k), state(k) + "/node.log");
      EXPECT_TRUE(started) << (started ? "" : started.error().to_string());
      ports_.push_back(started->port());
      nodes_.push_back(std::move(*started));
    }
    if (key == Key::make) key_ = make_key(ports_, 2);
  }
  [[nodiscard]] const std::vector<int>& ports() const { return ports_; }
  [[nodiscard]] const secure::CollectiveKey& key() const { return key_; }
  // Site k's state directory (node.toml, node.log, key_share.json, audit.log).
  [[nodiscard]] std::string state(int k) const { return fmt::format("{}/site_{}", dir_, k); }
  [[nodiscard]] std::string config(int k) const { return state(k) + "/node.toml"; }

  // Stops site k as an operator does (SIGTERM: the node seals its audit log).
  void stop(int k) { nodes_.at(k - 1).stop(); }
  // SIGKILL to site k, as a crash or the out-of-memory killer ends a node: no shutdown code
  // runs. restart() then starts it again.
  void kill(int k) { ::kill(nodes_.at(k - 1).pid(), SIGKILL); }

  // Restarts site k with `extra` appended to its [node] table (e.g. "replace_key_share = true").
  void restart(int k, const std::string& extra) {
    nodes_.at(k - 1).stop();
    write_config(k, extra);
    auto started = node::NodeProcess::start(ONCOSHARE_BINARY, config(k), state(k) + "/node.log");
    EXPECT_TRUE(started) << (started ? "" : started.error().to_string());
    ports_.at(k - 1) = started->port();
    nodes_.at(k - 1) = std::move(*started);
  }

 private:
  void write_config(int k, const std::string& extra) {
    std::string toml = node_toml(k, state(k), true, "", policy_);
    if (!extra.empty()) toml.insert(toml.find("\n[tls]"), extra + "\n");
    node::testing::write_file(config(k), toml);
  }

  std::string dir_;
  std::string policy_;
  std::vector<node::NodeProcess> nodes_;
  std::vector<int> ports_;
  secure::CollectiveKey key_;
};

}  // namespace oncoshare::coordinator::testing
