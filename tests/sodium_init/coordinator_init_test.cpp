// coordinator entry points initialise libsodium (request nonces and ids are random).
#include "coordinator/node_client.hpp"
#include "sodium_init/fresh_process.hpp"

namespace coordinator = oncoshare::coordinator;

namespace {

TEST(CoordinatorSodiumInit, RandomId) {
  EXPECT_INITIALISES_SODIUM([] { (void)coordinator::random_id(); });
}

TEST(CoordinatorSodiumInit, NodeClient) {
  EXPECT_INITIALISES_SODIUM([] { const coordinator::NodeClient client(coordinator::Federation{}, {}); });
}

}  // namespace
