// Runs the distributed key generation among the federation's nodes, with this process as
// the relay (it must hold a node-role certificate). The relay only forwards broadcast
// commitments and shares sealed to each recipient's session key; it never sees a share.
#pragma once

#include <span>

#include "coordinator/node_client.hpp"
#include "secure/key_share.hpp"

namespace oncoshare::coordinator {

// t-of-N key among `nodes` (index i+1 = nodes[i]). Every node must take part; the result is
// the collective key every node reported, checked against the one derived here from the
// broadcast commitments and complaints. Errors name the node and the step that failed.
[[nodiscard]] core::Result<secure::CollectiveKey> run_dkg(std::span<NodeClient> nodes, std::uint32_t threshold);

}  // namespace oncoshare::coordinator
