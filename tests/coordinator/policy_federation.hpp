// Nodes of the test federation (federation_support.hpp) whose datasets and policies the test
// writes out: a test that depends on a policy states it instead of inheriting the fixture's
// defaults, and hand-written requests to them (WireClient) see each answer as sent.
#pragma once

#include <atomic>
#include <ctime>
#include <functional>

#include "coordinator/federation_support.hpp"

namespace oncoshare::coordinator::testing {

// A [[datasets]] table over site k's export of `cohort` with the policy's lines.
inline std::string dataset_toml(int k, const std::string& id, const std::string& policy,
                                const std::string& consent = "HMB IRB", const World& cohort = world()) {
  return fmt::format("\n[[datasets]]\nid = \"{}\"\ndictionary = \"{}/data/dictionary.csv\"\nexports = [\"{}\"]\n"
                     "consent = \"{}\"\n[datasets.policy]\n{}\n",
                     id, cohort.dir, cohort.site_export(k), consent, policy);
}

// Site k's node.toml (node_toml()) with `node_extra` added to [node], `datasets` in place of
// the fixture's and the federation's roster when `roster`.
inline std::string node_toml_with(int k, const std::string& state, const std::string& datasets, bool roster = true,
                                  const std::string& node_extra = "") {
  std::string toml = node_toml(k, state, true);
  toml.erase(toml.find("\n[[datasets]]"));
  if (!node_extra.empty()) toml.insert(toml.find("\n[tls]"), "\n" + node_extra);
  toml += datasets;
  if (roster) toml += node::roster_toml(site_names(), world().dir + "/certs");
  return toml;
}

// Three in-process nodes with fresh state under `state_dir`; site k serves datasets(k).
class PolicyFederation {
 public:
  PolicyFederation(const std::string& state_dir, const std::function<std::string(int)>& datasets,
                   const std::string& node_extra = "")
      : dir_(state_dir) {
    for (int k = 1; k <= kSites; ++k) {
      fs::create_directories(state(k));
      nodes_.push_back(std::make_unique<node::testing::ServingNode>(
          node_toml_with(k, state(k), datasets(k), true, node_extra), state(k)));
      ports_.push_back(nodes_.back()->port());
    }
  }
  [[nodiscard]] int port(int k) const { return ports_.at(k - 1); }
  [[nodiscard]] const std::vector<int>& ports() const { return ports_; }
  [[nodiscard]] std::string state(int k) const { return fmt::format("{}/site_{}", dir_, k); }
  void stop(int k) { nodes_.at(k - 1)->stop(); }

 private:
  std::string dir_;
  std::vector<std::unique_ptr<node::testing::ServingNode>> nodes_;
  std::vector<int> ports_;
};

// One answer as the node sent it.
struct WireAnswer {
  int status = 0;      // 0: no answer (connection refused or broken)
  std::string text;    // the body
  json body;           // the body parsed (discarded when not JSON)
  [[nodiscard]] std::string error() const { return body.is_object() ? body.value("error", "") : ""; }
  [[nodiscard]] std::string reason() const { return body.is_object() ? body.value("reason", "") : ""; }
};

// A modified client: hand-written requests to the node `node_name` at `port`, with the
// certificate and key at `cert` and `key` (any file, e.g. one the federation CA never issued).
// The node's certificate is checked against `ca`, by default the test federation's.
class WireClient {
 public:
  WireClient(int port, const std::string& cert, const std::string& key, const std::string& node_name = "",
             const std::string& ca = "")
      : client_("127.0.0.1", port, cert, key) {
    client_.enable_server_certificate_verification(false);  // replaced: the server must be node_name
    if (!node_name.empty()) {
      EXPECT_TRUE(node::require_node_certificate(client_.ssl_context(), ca.empty() ? world().ca() : ca, node_name));
    }
    client_.set_connection_timeout(5, 0);
    client_.set_read_timeout(30, 0);
  }
  // `who`'s certificate of the test federation, to site k.
  WireClient(int port, const std::string& who, int k)
      : WireClient(port, world().cert(who), world().key(who), fmt::format("site_{}", k)) {}

  // POST `body` with a fresh nonce and the current time, as an honest client signs requests.
  WireAnswer post(const std::string& path, json body) {
    static std::atomic<int> counter{0};
    body["nonce"] = fmt::format("wire-{}-{:08}", ::getpid(), counter++);
    body["timestamp"] = static_cast<std::int64_t>(std::time(nullptr));
    return post_text(path, body.dump());
  }
  // POST `text` as it is (malformed JSON, no nonce, ...).
  WireAnswer post_text(const std::string& path, const std::string& text) {
    return answer(client_.Post(path, text, "application/json"));
  }
  WireAnswer get(const std::string& path) { return answer(client_.Get(path)); }

 private:
  static WireAnswer answer(const httplib::Result& res) {
    WireAnswer out;
    if (!res) return out;
    out.status = res->status;
    out.text = res->body;
    out.body = json::parse(res->body, nullptr, false);
    return out;
  }
  httplib::SSLClient client_;
};

}  // namespace oncoshare::coordinator::testing
