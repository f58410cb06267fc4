// Opening the encrypted aggregate of one query with t of the nodes that contributed to it.
// In clear: the joint decryption of secure/joint_decryption.hpp (round 1 /secure/partial,
// round 2 /secure/partial/proof with a fresh challenge, one check of the whole sum). Under
// key switching (a dataset forbids decryption in clear): one /secure/partial per node,
// each share with its own batched proof, re-encrypted to a one-off key of this researcher.
// t nodes are asked first, then one more for each that fails, is too slow or sends a
// share that does not verify; every such node is named.
#pragma once

#include <string>
#include <vector>

#include "coordinator/federated_query.hpp"
#include "coordinator/session.hpp"
#include "node/roster.hpp"
#include "secure/ciphertext.hpp"
#include "secure/dlog_table.hpp"

namespace oncoshare::coordinator {

// What the contributors answered, in the order of PooledAnswer::contributors.
struct Contribution {
  std::size_t client = 0;             // index into the session's clients
  std::uint32_t key_index = 0;        // the node's index in the collective key
  std::vector<secure::Point> own_c1;  // first components of its ciphertexts
  node::SignedStatement statement;    // its signed statement about them
};

// Fills pooled.cells, decryptors, method (and failures for nodes left out). Fails, naming
// the nodes, when fewer than t valid shares can be had.
[[nodiscard]] core::Status open_aggregate(FederationSession& session, const std::string& query_id,
                                          const secure::CiphertextVector& aggregate,
                                          const std::vector<Contribution>& contributions,
                                          const secure::DlogTable& table, PooledAnswer& pooled);

}  // namespace oncoshare::coordinator
