// The audit log of a serving node: its signed head over HTTPS, no answer without its audit
// entry, private file modes, and a restart after the node was killed.
#include <fmt/format.h>
#include <httplib.h>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "audit_test_support.hpp"
#include "node/config.hpp"
#include "node/node_process.hpp"
#include "node/server_identity.hpp"

namespace oncoshare::node {
namespace {

using nlohmann::json;

const testing::TestFederation& world() {
  static const testing::TestFederation w = testing::make_test_federation(
      "oncoshare-node-audit-world", {{Role::node, "site_1"}, {Role::node, "site_2"}, {Role::researcher, "alice"}}, 1,
      120, 5);
  return w;
}

// site_1 keeping its state in `state_dir`, which it has to create.
std::string config_text(const std::string& state_dir) {
  return testing::single_dataset_config(world(), state_dir, "store = \"" + state_dir + "/store.sqlite\"\n", "GRU",
                                        "dp_epsilon = \"0\"\nexact_answers = true\n");
}

std::unique_ptr<httplib::SSLClient> client(int port, const std::string& who) {
  const auto& w = world();
  auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", port, w.cert(who), w.key(who));
  c->enable_server_certificate_verification(false);  // replaced: the server must be site_1
  EXPECT_TRUE(require_node_certificate(c->ssl_context(), w.ca(), "site_1"));
  c->set_connection_timeout(5, 0);
  return c;
}

class AuditServingTest : public ::testing::Test {
 protected:
  core::Result<AuditSummary> verify(AuditVerifyOptions options = {}) {
    return verify_audit_log(state_ + "/audit.log", testing::read_file(world().cert("site_1")), options);
  }
  testing::ScratchDir dir_;
  std::string state_ = dir_ / "state";
};

TEST_F(AuditServingTest, TheSignedHeadIsServedAndFoundInTheLog) {
  std::string recorded;
  {
    testing::ServingNode node(config_text(state_), dir_.str());
    ASSERT_EQ(client(node.port(), "alice")->Get("/catalog")->status, 200);
    auto res = client(node.port(), "site_2")->Get("/audit/head");  // any federation certificate
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    auto head = json::parse(res->body);
    EXPECT_EQ(head["seq"], 2u);  // open, the catalog entry, then the checkpoint signed for this request
    EXPECT_EQ(head["type"], "checkpoint");
    EXPECT_TRUE(verify_signed_head(head, testing::read_file(world().cert("site_1"))));
    recorded = head["head"];
    auto checked = verify_signed_head(head, testing::read_file(world().cert("site_2")));
    ASSERT_FALSE(checked);
  }
  auto summary = verify({.expect_head = recorded});
  ASSERT_TRUE(summary) << summary.error().to_string();
  EXPECT_EQ(summary->expected_head_line, 3u);
  EXPECT_TRUE(summary->closed);
}

TEST_F(AuditServingTest, TheFederationRecordsHeadsWithTheCli) {
  const auto& w = world();
  std::string recorded;
  {
    testing::ServingNode node(config_text(state_), dir_.str());
    const std::string federation = dir_ / "federation.toml";
    std::ofstream(federation) << fmt::format(
        "[federation]\nca = \"{}\"\ncert = \"{}\"\nkey = \"{}\"\n[[federation.nodes]]\nname = \"site_1\"\n"
        "address = \"127.0.0.1:{}\"\n",
        w.ca(), w.cert("alice"), w.key("alice"), node.port());
    auto out = testing::run(fmt::format("{} audit head --federation {} 2>/dev/null", ONCOSHARE_BINARY, federation));
    ASSERT_EQ(out.exit_code, 0) << out.output;
    auto head = json::parse(out.output);
    EXPECT_EQ(head["node"], "site_1");
    EXPECT_TRUE(verify_signed_head(head, testing::read_file(w.cert("site_1"))));
    recorded = head["head"];
  }
  auto summary = verify({.expect_head = recorded});
  ASSERT_TRUE(summary) << summary.error().to_string();
}

TEST_F(AuditServingTest, NoAnswerLeavesWithoutItsAuditEntry) {
  testing::ServingNode node(config_text(state_), dir_.str());
  auto alice = client(node.port(), "alice");
  ASSERT_EQ(alice->Get("/catalog")->status, 200);
  testing::redirect_to_dev_full(state_ + "/audit.log");
  for (int i = 0; i < 2; ++i) {
    auto res = alice->Get("/catalog");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 503);
    EXPECT_EQ(json::parse(res->body),
              json({{"error", "audit_unavailable"},
                    {"reason", "the audit log could not be written, so no answer is released"}}));
  }
  auto head = client(node.port(), "site_2")->Get("/audit/head");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 503);
}

TEST_F(AuditServingTest, EverythingTheNodeWritesIsPrivate) {
  const mode_t old = ::umask(022);
  {
    testing::ServingNode node(config_text(state_), dir_.str());
    ::umask(old);
    ASSERT_EQ(client(node.port(), "alice")->Get("/catalog")->status, 200);
    auto mode = [](const std::string& path) {
      struct stat st {};
      EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
      return st.st_mode & 07777;
    };
    EXPECT_EQ(mode(state_), 0700u);
    for (const char* file : {"audit.log", "store.sqlite", "ledger.sqlite"}) {
      EXPECT_EQ(mode(state_ + "/" + file), 0600u) << file;
    }
  }
  ::umask(old);
}

TEST_F(AuditServingTest, AKilledNodeRestartsWithASignedNoteOfTheUncleanEnd) {
  std::filesystem::create_directories(state_);
  const std::string config = dir_ / "node.toml";
  std::ofstream(config) << config_text(state_);
  const std::string cli = fmt::format("{} audit verify {} --cert {}", ONCOSHARE_BINARY, state_ + "/audit.log",
                                      world().cert("site_1"));
  {
    auto node = NodeProcess::start(ONCOSHARE_BINARY, config, dir_ / "node.log");
    ASSERT_TRUE(node) << node.error().to_string();
    ASSERT_EQ(client(node->port(), "alice")->Get("/catalog")->status, 200);
    auto live = testing::run(cli + " --live");
    EXPECT_EQ(live.exit_code, 0) << live.output;
    ASSERT_EQ(::kill(node->pid(), SIGKILL), 0);
    (void)node->stop();  // reaps it
  }
  auto killed = verify();
  ASSERT_FALSE(killed);
  EXPECT_EQ(killed.error().where.line, 2u);  // open, the catalog entry
  auto node = NodeProcess::start(ONCOSHARE_BINARY, config, dir_ / "node.log");
  ASSERT_TRUE(node) << node.error().to_string();
  EXPECT_EQ(node->stop(), 0);
  auto summary = verify();
  ASSERT_TRUE(summary) << summary.error().to_string();
  EXPECT_EQ(summary->unclean_ends, std::vector<std::uint64_t>{2});
  auto ok = testing::run(cli);
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("after line 2"), std::string::npos) << ok.output;
}

}  // namespace
}  // namespace oncoshare::node
