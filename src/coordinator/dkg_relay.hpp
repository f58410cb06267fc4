// Runs the distributed key generation among the federation's nodes, with this process as
// the relay (it must hold a node-role certificate). The relay forwards the nodes' signed
// statements (node/dkg_statement.hpp) and shares sealed to each recipient's signed session
// key; it never sees a share, and checks every signature itself with the certificates the
// nodes publish, so a failed step names the node.
#pragma once

#include <span>
#include <string>

#include "coordinator/node_client.hpp"
#include "secure/key_share.hpp"

namespace oncoshare::coordinator {

// t-of-N key among `nodes` (index i+1 = nodes[i]), whose catalog certificates must chain
// to the CA in `ca_file` and carry their names. Every node must take part; the result is
// the collective key every node derived and confirmed, checked against the one derived here
// from the signed commitments and complaints. Errors name the step and the node.
[[nodiscard]] core::Result<secure::CollectiveKey> run_dkg(std::span<NodeClient> nodes, std::uint32_t threshold,
                                                          const std::string& ca_file);

}  // namespace oncoshare::coordinator
