// Who takes part in one aggregation, as the researcher orders them (index i+1 = names[i]),
// and whether this node may join it: a researcher must not be able to add a participant it
// plays itself, list a site twice, or pick a threshold that lets a sum over fewer sites than
// the dataset allows be unmasked (docs/threat-model.md, adversary A).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "node/policy.hpp"
#include "node/roster.hpp"

namespace oncoshare::node {

struct ParticipantList {
  std::vector<std::string> names;  // node names (certificate CNs); index i+1 = names[i]
  std::uint32_t index = 0;         // the receiving node's index, 1-based
  std::uint32_t threshold = 0;     // t: how many participants unmasking needs
};

// Reads `participants` (array of 1..1024 names), `index` and `threshold` (integers 1..1024)
// from a request body; the error names the field.
[[nodiscard]] core::Result<ParticipantList> parse_participant_list(const nlohmann::json& body);

// Nothing when node `self` may take part: a roster is configured, every name is on it, none
// is listed twice, `self` is at `list.index`, there are at least `min_contributors` names and
// t >= min_contributors. Otherwise a 403 (409 without a roster) naming the first fault.
[[nodiscard]] std::optional<Refusal> check_participant_list(const Roster& roster, std::string_view self,
                                                            const ParticipantList& list, std::int64_t min_contributors);

}  // namespace oncoshare::node
