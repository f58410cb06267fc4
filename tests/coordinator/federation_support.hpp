// A three-site federation for coordinator tests: a CA with node, relay and researcher
// certificates (and a node certificate for a site outside the study, site_x), a synthetic
// cohort, three in-process nodes on loopback, study files, and a man-in-the-middle node that
// answers with a corrupted decryption share or too slowly.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "analytics/query_statistic.hpp"
#include "coordinator/dkg_relay.hpp"
#include "coordinator/study_run.hpp"
#include "node/node_test_support.hpp"
#include "node/pki.hpp"
#include "node/server_identity.hpp"
#include "node/store.hpp"
#include "secure/codec.hpp"
#include "secure/threshold_decryption.hpp"
#include "synth/synth.hpp"

// After Eigen (via the coordinator headers): <resolv.h>, which httplib pulls in, defines a
// `_res` macro that breaks Eigen's declarations.
#include <httplib.h>

namespace oncoshare::coordinator::testing {

namespace fs = std::filesystem;
using nlohmann::json;

inline constexpr int kSites = 3;

using World = node::testing::TestFederation;

inline const World& world() {
  static const World w = [] {
    std::vector<std::pair<node::Role, std::string>> holders;
    for (int k = 1; k <= kSites; ++k) holders.push_back({node::Role::node, fmt::format("site_{}", k)});
    holders.push_back({node::Role::node, "site_x"});
    holders.push_back({node::Role::node, "coordinator"});
    holders.push_back({node::Role::researcher, "alice"});
    return node::testing::make_test_federation("oncoshare-coordinator", holders, kSites, 450, 5);
  }();
  return w;
}

// site_1 .. site_<sites>.
inline std::vector<std::string> site_names(int sites = kSites) {
  std::vector<std::string> names;
  for (int k = 1; k <= sites; ++k) names.push_back(fmt::format("site_{}", k));
  return names;
}

// Site k's configuration, with the federation's roster. Given `tls_stem`, the node serves
// with the certificate <tls_stem>.crt and key <tls_stem>.key instead of site k's own, and
// without a roster (which pins site k's certificate), as an impostor's node would.
// `cohort` and `sites` describe another federation of the same layout (e.g. a larger one).
// Exact answers with the query-set controls at their loosest: the protocol tests compare the
// federated answers with the pooled computation cell by cell.
inline constexpr const char* kExactPolicy =
    "dp_epsilon = \"0\"\nexact_answers = true\nmin_cell_size = 1\nmin_subset_size = 1\nmin_time_step = 1\nmin_bin_width = 1\n";

inline std::string node_toml(int k, const std::string& state, bool plaintext, const std::string& tls_stem = "",
                             const std::string& policy = kExactPolicy, const World& cohort = world(),
                             int sites = kSites) {
  const World& w = cohort;
  const std::string stem = tls_stem.empty() ? fmt::format("{}/certs/site_{}", w.dir, k) : tls_stem;
  const std::string roster = tls_stem.empty() ? node::roster_toml(site_names(sites), w.dir + "/certs") : "";
  return fmt::format(R"([node]
name = "site_{0}"
listen = "127.0.0.1:0"
audit_log = "{1}/audit.log"
dp_ledger = "{1}/ledger.sqlite"
key_share = "{1}/key_share.json"

[tls]
cert = "{2}"
key = "{3}"
ca = "{4}"

[[datasets]]
id = "registry"
dictionary = "{5}/data/dictionary.csv"
exports = ["{6}"]
consent = "HMB IRB"
[datasets.policy]
plaintext = {7}
exact_event_times = {7}
{9}
{8})",
                     k, state, stem + ".crt", stem + ".key", w.ca(), w.dir, w.site_export(k),
                     plaintext ? "true" : "false", roster, policy);
}

// Three nodes with fresh state under `state_dir`.
class Federation3 {
 public:
  explicit Federation3(const std::string& state_dir, bool plaintext = true, const std::string& policy = kExactPolicy) {
    for (int k = 1; k <= kSites; ++k) {
      std::string state = fmt::format("{}/site_{}", state_dir, k);
      fs::create_directories(state);
      nodes_.push_back(std::make_unique<node::testing::ServingNode>(node_toml(k, state, plaintext, "", policy), state));
    }
  }
  [[nodiscard]] int port(int k) const { return nodes_.at(k - 1)->port(); }
  void stop(int k) { nodes_.at(k - 1)->stop(); }

 private:
  std::vector<std::unique_ptr<node::testing::ServingNode>> nodes_;
};

// [federation] for `who` with site k at ports[k-1].
inline std::string federation_toml(const std::string& who, const std::vector<int>& ports, int timeout = 30) {
  const World& w = world();
  std::string out = fmt::format("[federation]\nca = \"{}\"\ncert = \"{}\"\nkey = \"{}\"\ntimeout_seconds = {}\nretries = 0\n",
                                w.ca(), w.cert(who), w.key(who), timeout);
  for (std::size_t i = 0; i < ports.size(); ++i) {
    out += fmt::format("[[federation.nodes]]\nname = \"site_{}\"\naddress = \"127.0.0.1:{}\"\n", i + 1, ports[i]);
  }
  return out;
}

inline Federation federation_of(const std::string& who, const std::vector<int>& ports) {
  auto root = node::parse_toml(federation_toml(who, ports), "federation.toml");
  EXPECT_TRUE(root);
  auto federation = read_federation(*(*root)["federation"].as_table(), "federation.toml", "");
  EXPECT_TRUE(federation) << (federation ? "" : federation.error().to_string());
  return *federation;
}

// Runs the DKG among the nodes at `ports` through the relay certificate.
inline secure::CollectiveKey make_key(const std::vector<int>& ports, std::uint32_t threshold) {
  Federation federation = federation_of("coordinator", ports);
  std::vector<NodeClient> clients;
  for (const auto& node : federation.nodes) clients.emplace_back(federation, node);
  auto key = run_dkg(clients, threshold, federation.ca);
  EXPECT_TRUE(key) << (key ? "" : key.error().to_string());
  return *key;
}

inline const char* kQueries = R"(
[[query]]
name = "old, advanced"
type = "count"
filter = "stage_group in (3, 4) and age_dx >= 60"

[[query]]
name = "by stage"
type = "crosstab"
rows = "stage_group"

[[query]]
name = "stage by sex"
type = "crosstab"
rows = "stage_group"
columns = "sex"

[[query]]
name = "age"
type = "histogram"
variable = "age_dx"
edges = [0, 50, 65, 80, 120]

[[query]]
name = "survival"
type = "km"
group = "first_treatment"
grid_step = 90
grid_max = 3690
)";

inline StudySpec study(const std::vector<int>& ports, const std::string& mode = "encrypted",
                       const std::string& queries = kQueries, int timeout = 30) {
  std::string text = fmt::format("[study]\ntitle = \"t\"\ndataset = \"registry\"\npurpose = {{ use = \"HMB\", irb_approved = true }}\n"
                                 "mode = \"{}\"\n{}\n{}",
                                 mode, queries, federation_toml("alice", ports, timeout));
  auto parsed = parse_study(text, "study.toml", "");
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().to_string());
  return *parsed;
}

// Each query's statistic computed in clear on the given sites' records of `cohort` in one table.
inline std::vector<std::vector<std::int64_t>> pooled_cells(const StudySpec& spec, const std::vector<int>& sites,
                                                           const World& cohort = world()) {
  node::DatasetConfig config;
  config.id = "pooled";
  config.dictionary = cohort.dir + "/data/dictionary.csv";
  for (int k : sites) config.exports.push_back(cohort.site_export(k));
  auto dataset = node::load_dataset(config, ":memory:");
  EXPECT_TRUE(dataset);
  std::vector<std::vector<std::int64_t>> out;
  for (const auto& q : spec.queries) {
    auto filter = analytics::compile_filter(analytics::string_field(q.params, "filter"), (*dataset)->table);
    EXPECT_TRUE(filter);
    auto statistic = analytics::compute_statistic((*dataset)->table, *filter, q.params, q.type);
    EXPECT_TRUE(statistic) << (statistic ? "" : statistic.error().to_string());
    out.push_back(statistic->cells);
  }
  return out;
}

// A node-certified server in front of a real node: forwards every request with alice's
// certificate and either corrupts the decryption share it returns (one element shifted by
// G: well-formed, but its proof no longer holds; or claimed for another decrypting set),
// answers /secure/partial too late, or
// stops answering model rounds after `healthy_masks` masking rounds (a mid-fit dropout).
class Interposer {
 public:
  enum class Fault { corrupt_share, foreign_set, slow_share, drop_mid_fit, forged_statement, altered_ciphertexts };
  static constexpr int kHealthyMasks = 2;

  Interposer(const std::string& node_name, int upstream_port, Fault fault)
      : server_(world().cert(node_name).c_str(), world().key(node_name).c_str(), world().ca().c_str()),
        upstream_("127.0.0.1", upstream_port, world().cert("alice"), world().key("alice")) {
    upstream_.enable_server_certificate_verification(false);  // replaced: the upstream must be node_name
    EXPECT_TRUE(node::require_node_certificate(upstream_.ssl_context(), world().ca(), node_name));
    auto forward = [this, fault](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      if (fault == Fault::drop_mid_fit && req.path == "/model/round/mask" && ++masks_ > kHealthyMasks) {
        res.status = 503;
        res.set_content(R"({"error": "unavailable", "reason": "node went away"})", "application/json");
        return;
      }
      auto answer = req.method == "GET" ? upstream_.Get(req.path) : upstream_.Post(req.path, req.body, "application/json");
      if (!answer) {
        res.status = 502;
        return;
      }
      res.status = answer->status;
      std::string body = answer->body;
      if (req.path == "/secure/partial" && answer->status == 200) {
        if (fault == Fault::slow_share) std::this_thread::sleep_for(std::chrono::milliseconds(2500));
        if (fault == Fault::corrupt_share || fault == Fault::foreign_set) body = corrupt(body, fault);
      }
      if (req.path.starts_with("/query/") && answer->status == 200 &&
          (fault == Fault::forged_statement || fault == Fault::altered_ciphertexts)) {
        body = tamper(body, fault);
      }
      res.set_content(body, "application/json");
    };
    server_.Get(".*", forward);
    server_.Post(".*", forward);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Interposer() {
    server_.stop();
    thread_.join();
  }
  [[nodiscard]] int port() const { return port_; }

 private:
  // An encrypted answer whose signed statement was edited (a later time), or whose first
  // ciphertext's plaintext was raised by one.
  static std::string tamper(const std::string& body, Fault fault) {
    json answer = json::parse(body);
    if (fault == Fault::forged_statement) {
      json statement = json::parse(answer["contribution"]["statement"].get<std::string>());
      statement["time"] = statement["time"].get<std::int64_t>() + 1;
      answer["contribution"]["statement"] = statement.dump();
    } else {
      auto ciphertexts = secure::parse_ciphertext_vector(answer["ciphertexts"].dump());
      EXPECT_TRUE(ciphertexts);
      (*ciphertexts)[0].c2 = (*ciphertexts)[0].c2 + secure::Point::generator();
      answer["ciphertexts"] = json::parse(secure::serialize(*ciphertexts));
    }
    return answer.dump();
  }

  static std::string corrupt(const std::string& body, Fault fault) {
    json answer = json::parse(body);
    auto shares = secure::parse_decryption_shares(answer["shares"].dump());
    EXPECT_TRUE(shares);
    if (fault == Fault::foreign_set) shares->decryptors = {1, 2, 3};
    else shares->shares[0] = shares->shares[0] + secure::Point::generator();
    answer["shares"] = json::parse(secure::serialize(*shares));
    return answer.dump();
  }

  httplib::SSLServer server_;
  httplib::SSLClient upstream_;
  std::mutex mutex_;
  int masks_ = 0;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace oncoshare::coordinator::testing
