// node entry points initialise libsodium, even when the configuration is then refused.
#include "node/request_router.hpp"
#include "node/server.hpp"
#include "sodium_init/fresh_process.hpp"

namespace node = oncoshare::node;

namespace {

TEST(NodeSodiumInit, RequestRouterCreate) {
  EXPECT_INITIALISES_SODIUM([] { (void)node::RequestRouter::create(node::NodeConfig{}); });
}

TEST(NodeSodiumInit, NodeServerCreate) {
  EXPECT_INITIALISES_SODIUM([] { (void)node::NodeServer::create(node::NodeConfig{}); });
}

}  // namespace
