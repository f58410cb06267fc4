// Internal: how a node rebuilds the aggregate it is asked to help decrypt. It never trusts a
// sum or a list of names from the researcher: it takes the contributions themselves (each
// node's signed statement and the first components it released), checks every signature
// against the roster, that all answer this node's query for the same researcher and id,
// that its own statement is among them unchanged, and adds the first components itself.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <variant>
#include <vector>

#include "node/detail/node_state.hpp"

namespace oncoshare::node::detail {

struct CheckedAggregate {
  std::vector<secure::Point> c1;   // Σ C1 over the contributions
  std::vector<std::string> nodes;  // the contributing nodes, sorted
  std::string digest;              // identifies the set of statements (one opening per query)
};

// `contributions`: [{"statement": text, "signature": base64, "c1": point_vector}, ...].
// Refusals name the contribution's node and what failed. Does not lock: reads only what
// never changes after start (roster, config) and the caller's copy of the release.
[[nodiscard]] std::variant<CheckedAggregate, Reply> check_contributions(const NodeState& state, const Release& release,
                                                                        const std::string& researcher,
                                                                        const std::string& query_id,
                                                                        const nlohmann::json& contributions);

}  // namespace oncoshare::node::detail
