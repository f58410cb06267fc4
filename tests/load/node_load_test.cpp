// Issue 15's load test: ten nodes on loopback, 50 researchers asking back to back for an
// exact count (whose answer each node's export fixes) and for the catalog, while 20 slow
// clients on 127.0.0.2 hold connections to one node without finishing a TLS handshake.
// Every honest request must get its expected answer; the p99 latency is printed and
// recorded. Runs ONCOSHARE_LOAD_SECONDS seconds (default 120); ctest label `load`, so the
// sanitizer stage of scripts/test can leave it out.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "bench/closed_loop.hpp"
#include "coordinator/policy_federation.hpp"
#include "load/slow_clients.hpp"

namespace oncoshare::coordinator {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::WireAnswer;
using testing::WireClient;

constexpr int kNodes = 10;
constexpr int kResearchers = 50;
constexpr int kSlowClients = 20;
constexpr int kPatients = 3000;  // in all, 300 per node
constexpr const char* kFilter = "stage_group in (3, 4) and age_dx >= 60";

std::string researcher(int r) { return fmt::format("researcher_{}", r + 1); }

const testing::World& load_world() {
  static const testing::World w = [] {
    std::vector<std::pair<node::Role, std::string>> holders;
    for (const auto& site : testing::site_names(kNodes))
      holders.push_back({node::Role::node, site});
    for (int r = 0; r < kResearchers; ++r)
      holders.push_back({node::Role::researcher, researcher(r)});
    return node::testing::make_test_federation("oncoshare-load", holders, kNodes, kPatients, 15);
  }();
  return w;
}

std::chrono::seconds load_duration() {
  const char* text = std::getenv("ONCOSHARE_LOAD_SECONDS");
  return std::chrono::seconds(text != nullptr ? std::atoi(text) : 120);
}

// What each node must answer: its own records' count under kFilter, computed in clear.
std::vector<std::int64_t> expected_counts() {
  StudySpec spec;
  spec.queries = {QuerySpec{"count", "count", json{{"filter", kFilter}}}};
  std::vector<std::int64_t> counts;
  for (int k = 1; k <= kNodes; ++k)
    counts.push_back(testing::pooled_cells(spec, {k}, load_world()).at(0).at(0));
  return counts;
}

// The first few wrong answers, for the failure message.
class Mistakes {
 public:
  void note(const std::string& what) {
    std::lock_guard lock(mutex_);
    if (examples_.size() < 10) examples_ += what + "\n";
  }
  [[nodiscard]] std::string examples() const { return examples_; }

 private:
  std::mutex mutex_;
  std::string examples_;
};

TEST(NodeLoadTest, FiftyResearchersAreAllAnsweredWhileSlowClientsHoldConnections) {
  // A connection the node closed is a failed request, not the end of the test.
  std::signal(SIGPIPE, SIG_IGN);
  const testing::World& w = load_world();
  node::testing::ScratchDir dir;
  std::vector<std::unique_ptr<node::testing::ServingNode>> nodes;
  for (int k = 1; k <= kNodes; ++k) {
    const std::string state = dir / fmt::format("site_{}", k);
    fs::create_directories(state);
    nodes.push_back(std::make_unique<node::testing::ServingNode>(
        testing::node_toml(k, state, true, "", testing::kExactPolicy, w, kNodes), state));
  }
  const std::vector<std::int64_t> expected = expected_counts();
  // The filter selects someone at every node, so a right count is an answer, not a default.
  for (std::int64_t n : expected) ASSERT_GT(n, 0);

  // Researcher r asks node r % 10: five researchers per node, each on its own connection.
  std::vector<std::unique_ptr<WireClient>> clients;
  for (int r = 0; r < kResearchers; ++r) {
    const int k = r % kNodes + 1;
    clients.push_back(std::make_unique<WireClient>(nodes[k - 1]->port(), w.cert(researcher(r)),
                                                   w.key(researcher(r)), fmt::format("site_{}", k),
                                                   w.ca()));
  }
  const json count = {{"dataset", "registry"},
                      {"purpose", {{"use", "HMB"}, {"irb_approved", true}}},
                      {"mode", "plaintext"},
                      {"filter", kFilter}};
  Mistakes mistakes;
  load_testing::SlowClients slow(nodes[0]->port(), kSlowClients);
  const bench::LoadRun run =
      bench::closed_loop(kResearchers, load_duration(), [&](int r, std::size_t i) {
        const int k = r % kNodes + 1;
        const bool catalog = i % 4 == 3;
        const WireAnswer answer =
            catalog ? clients[r]->get("/catalog") : clients[r]->post("/query/count", count);
        const bool ok =
            answer.status == 200 && answer.body.is_object() &&
            (catalog ? answer.body.value("node", std::string()) == fmt::format("site_{}", k) &&
                           answer.body.value(json::json_pointer("/datasets/0/id"), std::string()) ==
                               "registry"
                     : answer.body.value("cells", json()) == json::array({expected[k - 1]}));
        if (!ok) {
          mistakes.note(fmt::format("{} to site_{}: HTTP {} {}", catalog ? "catalog" : "count", k,
                                    answer.status, answer.text.substr(0, 200)));
        }
        return ok;
      });
  slow.stop();

  std::printf(
      "%zu honest requests answered in %.0f s (%.0f/s), %zu failed; latency p50 %.1f ms, p99 %.1f "
      "ms; "
      "slow clients: %d connections, %d closed by the node\n",
      run.answered, run.seconds, run.per_second(), run.failed, run.latency.p50, run.latency.p99,
      slow.connections(), slow.closed_by_server());
  RecordProperty("answered_requests", static_cast<int>(run.answered));
  RecordProperty("failed_requests", static_cast<int>(run.failed));
  RecordProperty("p50_ms", fmt::format("{:.1f}", run.latency.p50));
  RecordProperty("p99_ms", fmt::format("{:.1f}", run.latency.p99));
  RecordProperty("slow_connections", slow.connections());
  EXPECT_EQ(run.failed, 0u) << mistakes.examples();
  // The researchers were served throughout, not just at first: on average at least one answer
  // each per 2 s.
  EXPECT_GE(run.answered, static_cast<std::size_t>(kResearchers * (load_duration().count() / 2)));
}

}  // namespace
}  // namespace oncoshare::coordinator
