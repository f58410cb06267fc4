// Internal: the Beacon v2 pieces the Beacon endpoints share (beacon.cpp,
// beacon_request.cpp, beacon_individuals.cpp): meta sections of the framework's response
// shapes, and a Beacon request read into the node's terms.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "analytics/filter.hpp"
#include "node/detail/node_state.hpp"

namespace oncoshare::node::detail {

inline constexpr const char* kBeaconApiVersion = "v2.0.0";

// "org.oncoshare.<node name>".
[[nodiscard]] std::string beacon_id(const NodeState& state);

// The meta of /api/info, /map and /filtering_terms (beaconInformationalResponseMeta).
[[nodiscard]] nlohmann::json informational_meta(const NodeState& state);

// A Beacon /individuals request as the node reads it, from a POST body
// {"query": {"filters": [{id, operator, value}], "requestedGranularity", "requestParameters":
// {"datasetId", "purpose", "min_cell_size"}}} or GET parameters (filters=a=b,c>=d,
// requestedGranularity, dataset, purpose, min_cell_size, nonce).
struct BeaconRequest {
  std::string dataset_id;
  nlohmann::json purpose;                  // null when none was declared
  std::vector<analytics::FilterTerm> terms;
  std::vector<std::string> filters;        // the terms as the summary echoes them: "age_dx>=60"
  std::string granularity = "boolean";     // boolean or count (record is not served)
  nlohmann::json cell_size;                // {"min_cell_size": n} when the request asks for one
  std::string request_id;                  // the request's nonce, "" when it carries none
};

// The request, or a 400 naming the field (bad_filter for a filter of the wrong shape).
[[nodiscard]] std::variant<BeaconRequest, Reply> read_beacon_request(const nlohmann::json& body);

// beaconResponseMeta: what was received and which granularity is returned.
[[nodiscard]] nlohmann::json response_meta(const NodeState& state, const std::vector<std::string>& filters,
                                           const std::string& requested, const std::string& returned);

// POST or GET /api/individuals.
[[nodiscard]] Reply handle_individuals(NodeState& state, const Call& call);

}  // namespace oncoshare::node::detail
