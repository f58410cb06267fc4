// The replay store over the wire: kept per researcher identity, bounded per identity, and
// kept across restarts of the node.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "node/node_test_support.hpp"

namespace oncoshare::node {
namespace {

using nlohmann::json;

const testing::TestFederation& world() {
  static const testing::TestFederation w = testing::make_test_federation(
      "oncoshare-node-replay-world", {{Role::node, "site_1"}, {Role::researcher, "alice"}, {Role::researcher, "bob"}},
      1, 200, 16);
  return w;
}

const json kCount = {{"dataset", "registry"}, {"purpose", {{"use", "HMB"}, {"irb_approved", true}}}};

json post(int port, const std::string& who, const json& body, int expected_status) {
  auto c = testing::federation_client(world(), port, who);
  auto res = c->Post("/query/count", body.dump(), "application/json");
  EXPECT_TRUE(res);
  if (!res) return json();
  EXPECT_EQ(res->status, expected_status) << res->body;
  return json::parse(res->body, nullptr, false);
}

class ReplayStoreTest : public ::testing::Test {
 protected:
  testing::ScratchDir dir_;
};

// The nonces were kept in memory only: a request captured before a restart was answered
// again after it.
TEST_F(ReplayStoreTest, ARequestReplayedAfterARestartIsRefused) {
  const json body = testing::with_fresh_nonce(kCount);
  const std::string config = testing::single_dataset_config(world(), dir_.str());
  {
    testing::ServingNode node(config, dir_.str());
    post(node.port(), "alice", body, 200);
  }
  struct stat info {};
  ASSERT_EQ(::stat((dir_ / "replay.sqlite").c_str(), &info), 0) << "the default replay store sits next to the config";
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  testing::ServingNode node(config, dir_.str());
  json replayed = post(node.port(), "alice", body, 409);
  EXPECT_EQ(replayed["error"], "replay_rejected");
  EXPECT_EQ(replayed["reason"].get<std::string>().rfind("request replayed: nonce '", 0), 0u) << replayed["reason"];
}

// One store capped for everyone: a researcher who filled it locked every other out until
// the window passed.
TEST_F(ReplayStoreTest, OneResearcherFillingTheStoreDoesNotLockOutAnother) {
  testing::ServingNode node(
      testing::single_dataset_config(world(), dir_.str(), "max_nonces_per_peer = 3\nreplay_store = \":memory:\"\n"),
      dir_.str());
  for (int i = 0; i < 3; ++i) post(node.port(), "alice", testing::with_fresh_nonce(kCount), 200);
  json full = post(node.port(), "alice", testing::with_fresh_nonce(kCount), 409);
  EXPECT_EQ(full["error"], "replay_rejected");
  EXPECT_EQ(full["reason"],
            "request refused: this certificate sent 3 requests in the last 300 s, as many as the node remembers "
            "per certificate (max_nonces_per_peer); retry later");
  post(node.port(), "bob", testing::with_fresh_nonce(kCount), 200);
  // The same nonce from two researchers is two requests.
  const json shared = testing::with_fresh_nonce(kCount);
  post(node.port(), "bob", shared, 200);
  EXPECT_EQ(post(node.port(), "bob", shared, 409)["error"], "replay_rejected");
}

}  // namespace
}  // namespace oncoshare::node
