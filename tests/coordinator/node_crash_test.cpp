// A node killed with SIGKILL while `oncoshare study run` is under way (real node processes):
// the study stops naming the node and writes no report; the node restarts on the same
// configuration with its privacy-budget ledger and audit log intact, and a request it
// answered before the kill, sent again with the same nonce, is refused as a replay, so no
// budget is charged twice.
#include <ctime>
#include <set>

#include "coordinator/node_processes.hpp"
#include "coordinator/policy_federation.hpp"
#include "node/dp_ledger.hpp"

namespace oncoshare::coordinator {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::NodeProcesses3;
using testing::WireClient;

constexpr int kKilled = 2;
constexpr int kQueries = 20;
// Noisy answers, each charging 0.5 to the researcher's budget on this node.
constexpr const char* kCharged = "dp_epsilon = \"0.5\"\ndp_budget = \"100\"\n";

class NodeCrashTest : public ::testing::Test {
 protected:
  node::testing::ScratchDir dir_;
};

// kQueries counts, stopping at the first node that fails.
std::string study_toml(const std::vector<int>& ports) {
  std::string text =
      "[study]\ndataset = \"registry\"\npurpose = { use = \"HMB\", irb_approved = true }\n"
      "mode = \"plaintext\"\nrequire_all_nodes = true\n";
  for (int q = 1; q <= kQueries; ++q) {
    text += fmt::format("[[query]]\nname = \"q{}\"\ntype = \"count\"\nfilter = \"age_dx >= {}\"\n",
                        q, 30 + q);
  }
  return text + testing::federation_toml("alice", ports);
}

// The spends of the killed node's ledger file, read as it lies on disk.
std::vector<node::SpendRecord> spends_on_disk(const std::string& state) {
  auto ledger = node::DpLedger::open(state + "/ledger.sqlite", node::kMicroPerEpsilon);
  EXPECT_TRUE(ledger) << (ledger ? "" : ledger.error().to_string());
  if (!ledger) return {};
  auto spends = ledger->spends();
  EXPECT_TRUE(spends);
  return spends ? *spends : std::vector<node::SpendRecord>{};
}

std::vector<std::string> request_ids(const std::vector<node::SpendRecord>& spends) {
  std::vector<std::string> ids;
  for (const auto& s : spends) ids.push_back(s.request_id);
  return ids;
}

// `oncoshare audit verify` of site k's log; `live` while the node may still write it.
node::testing::CommandOutput verify_audit(const NodeProcesses3& nodes, int k, bool live) {
  return node::testing::run(
      fmt::format("{} audit verify {}/audit.log --cert {}{}", ONCOSHARE_BINARY, nodes.state(k),
                  testing::world().cert(fmt::format("site_{}", k)), live ? " --live" : ""));
}

TEST_F(NodeCrashTest, ANodeKilledMidStudyIsNamedAndRestartsWithoutChargingTwice) {
  NodeProcesses3 nodes(dir_.str(), NodeProcesses3::Key::none, kCharged);
  const std::string state = nodes.state(kKilled);

  // A count alice asks the node herself before the study; its exact text is replayed later.
  const json asked = {{"dataset", "registry"},
                      {"purpose", {{"use", "HMB"}, {"irb_approved", true}}},
                      {"filter", "age_dx >= 50"}};
  json count = asked;
  count["nonce"] = "crash-test-before-the-kill";
  count["timestamp"] = static_cast<std::int64_t>(std::time(nullptr));
  const std::string sent = count.dump();
  {
    WireClient alice(nodes.ports()[kKilled - 1], "alice", kKilled);
    auto first = alice.post_text("/query/count", sent);
    ASSERT_EQ(first.status, 200) << first.text;
    EXPECT_EQ(first.body["budget_remaining"], "99.5");
  }

  // The study's first answer has arrived when it starts the second query: then the kill.
  node::testing::write_file(dir_ / "study.toml", study_toml(nodes.ports()));
  bool killed = false;
  auto study = node::testing::run(fmt::format("{} study run {} --out {}", ONCOSHARE_BINARY,
                                              dir_ / "study.toml", dir_ / "report.txt"),
                                  [&](const std::string& line) {
                                    if (!killed && line == "oncoshare study: running 'q2'") {
                                      nodes.kill(kKilled);
                                      killed = true;
                                    }
                                  });
  ASSERT_TRUE(killed) << study.output;
  EXPECT_NE(study.exit_code, 0) << study.output;
  EXPECT_NE(study.output.find(
                fmt::format("node 'site_{}' (127.0.0.1:{})", kKilled, nodes.ports()[kKilled - 1])),
            std::string::npos)
      << study.output;
  EXPECT_EQ(study.output.find(fmt::format("running 'q{}'", kQueries)), std::string::npos)
      << study.output;
  EXPECT_FALSE(fs::exists(dir_ / "report.txt")) << "a partial report was written as if complete";

  // What the node had committed when it died: alice's count and the study's first answer (the
  // second too if it was answered before the kill), each once, 0.5 each.
  const auto before = spends_on_disk(state);
  const std::vector<std::string> ids = request_ids(before);
  ASSERT_GE(before.size(), 2u);
  ASSERT_LE(before.size(), 3u);
  EXPECT_EQ(ids.front(), "crash-test-before-the-kill");
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
  for (const auto& s : before) EXPECT_EQ(s.amount, node::kMicroPerEpsilon / 2);
  // The log as the kill left it: intact up to its last line, but without the closing seal.
  auto audit = verify_audit(nodes, kKilled, true);
  EXPECT_EQ(audit.exit_code, 0) << audit.output;
  audit = verify_audit(nodes, kKilled, false);
  EXPECT_EQ(audit.exit_code, 1) << audit.output;

  nodes.restart(kKilled, "");
  WireClient alice(nodes.ports()[kKilled - 1], "alice", kKilled);
  // The same signed request again, nonce and all: refused before it reaches the ledger.
  auto replayed = alice.post_text("/query/count", sent);
  EXPECT_EQ(replayed.status, 409) << replayed.text;
  EXPECT_EQ(replayed.error(), "replay_rejected") << replayed.text;
  // A fresh request finds the budget as the ledger left it, and spends once more.
  auto fresh = alice.post("/query/count", asked);
  ASSERT_EQ(fresh.status, 200) << fresh.text;
  EXPECT_EQ(fresh.body["budget_remaining"],
            node::format_epsilon(100 * node::kMicroPerEpsilon -
                                 static_cast<std::int64_t>(before.size() + 1) *
                                     node::kMicroPerEpsilon / 2));
  const auto after = spends_on_disk(state);
  ASSERT_EQ(after.size(), before.size() + 1);
  std::vector<std::string> after_ids = request_ids(after);
  after_ids.pop_back();  // the fresh request's
  EXPECT_EQ(after_ids, ids);

  // The restarted node continued the log, noting the unclean end; stopped, it seals it.
  nodes.stop(kKilled);
  audit = verify_audit(nodes, kKilled, false);
  EXPECT_EQ(audit.exit_code, 0) << audit.output;
  EXPECT_NE(audit.output.find("closed with a signed seal"), std::string::npos) << audit.output;
  EXPECT_NE(
      audit.output.find("unclean shutdown: the node stopped without sealing the log after line"),
      std::string::npos)
      << audit.output;
}

}  // namespace
}  // namespace oncoshare::coordinator
