// The element-wise sum of the nodes' answers to one model round, by secure aggregation
// (secure/secagg.hpp) with this process as the aggregator: four message rounds relayed
// over HTTPS, after which only the sum is known here. Nodes that drop out after
// advertising are recovered (their masks removed) as long as t remain.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "coordinator/session.hpp"

namespace oncoshare::coordinator {

struct SecureSum {
  std::vector<double> sum;
  std::vector<std::string> names;         // the model's coefficient names, as every node reported them
  std::vector<std::size_t> survivors;     // indices into the clients whose answers are in the sum
  std::vector<NodeFailure> dropped;       // nodes whose answers are not in the sum, and why
};

// `round` is the advertise body (dataset, purpose, filter, model, round); `clients` are the
// participants (index i+1 = clients[i], sent by name), of `session`'s clients. t = a majority
// of them, at least session.min_contributors. Each node's advertisement must carry its signed
// statement for this round, checked against the certificate it publishes in the catalog; a
// node whose statement fails is named and left out. Fails, naming nodes, when fewer than t
// take part at any step or when the nodes disagree on the answer's shape.
[[nodiscard]] core::Result<SecureSum> secure_sum(const FederationSession& session, std::span<NodeClient*> clients,
                                                 const nlohmann::json& round);

}  // namespace oncoshare::coordinator
