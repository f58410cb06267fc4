// Beacon v2 endpoints (framework v2.0.0 response shapes): /api/info, /api/map,
// /api/filtering_terms here, /api/individuals in beacon_individuals.cpp; every refusal on
// them leaves as a beaconErrorResponse (beacon_error, applied by the server).
#include <fmt/format.h>

#include <set>

#include "node/detail/beacon.hpp"

namespace oncoshare::node::detail {

namespace {

Reply info(const NodeState& state) {
  Reply r;
  r.body = {{"meta", informational_meta(state)},
            {"response", {{"id", beacon_id(state)}, {"name", "oncoshare node " + state.config.name},
                          {"apiVersion", kBeaconApiVersion}, {"environment", "prod"},
                          {"organization", {{"id", state.config.name}, {"name", state.config.name}}},
                          {"description", "Aggregate-only Beacon over a cancer registry site node"},
                          {"version", "v0.1.0"}}}};
  return r;
}

// The framework wants URIs: absolute, on the address the client reached this node at.
std::string url(const NodeState& state, const Call& call, std::string_view path) {
  const std::string host = call.host.empty() ? fmt::format("{}:{}", state.config.host, state.config.port) : call.host;
  return fmt::format("https://{}{}", host, path);
}

Reply map(const NodeState& state, const Call& call) {
  Reply r;
  r.body = {{"meta", informational_meta(state)},
            {"response", {{"$schema", "https://raw.githubusercontent.com/ga4gh-beacon/beacon-v2/main/framework/json/configuration/beaconMapSchema.json"},
                          {"endpointSets", {{"individual", {{"entryType", "individual"},
                                                            {"rootUrl", url(state, call, "/api/individuals")},
                                                            {"filteringTermsUrl", url(state, call, "/api/filtering_terms")}}}}}}}};
  return r;
}

Reply filtering_terms(const NodeState& state) {
  nlohmann::json terms = nlohmann::json::array();
  std::set<std::string> seen;
  for (const auto& d : state.datasets) {
    for (const auto& column : d->table.columns) {
      if (!seen.insert(column.name).second) continue;
      terms.push_back({{"type", "alphanumeric"}, {"id", column.name}, {"label", column.label}, {"scopes", {"individual"}}});
    }
  }
  Reply r;
  r.body = {{"meta", informational_meta(state)}, {"response", {{"filteringTerms", terms}}}};
  return r;
}

}  // namespace

std::string beacon_id(const NodeState& state) { return "org.oncoshare." + state.config.name; }

nlohmann::json informational_meta(const NodeState& state) {
  return {{"beaconId", beacon_id(state)}, {"apiVersion", kBeaconApiVersion}, {"returnedSchemas", nlohmann::json::array()}};
}

nlohmann::json response_meta(const NodeState& state, const std::vector<std::string>& filters,
                             const std::string& requested, const std::string& returned) {
  nlohmann::json meta = informational_meta(state);
  meta["returnedGranularity"] = returned;
  meta["returnedSchemas"] = {{{"entityType", "individual"}, {"schema", "beacon-individual-v2.0.0"}}};
  meta["receivedRequestSummary"] = {{"apiVersion", kBeaconApiVersion},
                                    {"requestedSchemas", nlohmann::json::array()},
                                    {"filters", filters},
                                    {"requestedGranularity", requested},
                                    {"pagination", {{"skip", 0}, {"limit", 0}}}};
  return meta;
}

Reply handle_beacon(NodeState& state, const Call& call, std::string_view endpoint) {
  if (endpoint == "info") return info(state);
  if (endpoint == "map") return map(state, call);
  if (endpoint == "filtering_terms") return filtering_terms(state);
  return handle_individuals(state, call);
}

nlohmann::json beacon_error(const NodeState& state, const Call& call, const Reply& refusal) {
  // The summary echoes what can be read of the request; a refusal may come before it was
  // understood (malformed JSON, a wrong role), so nothing here may fail.
  const nlohmann::json& body = call.body;
  std::string requested = "boolean";
  const nlohmann::json* asked = nullptr;
  if (body.is_object() && body.contains("query") && body["query"].is_object() &&
      body["query"].contains("requestedGranularity")) {
    asked = &body["query"]["requestedGranularity"];
  } else if (body.is_object() && body.contains("requestedGranularity")) {
    asked = &body["requestedGranularity"];
  }
  if (asked != nullptr && asked->is_string() && (*asked == "boolean" || *asked == "count" || *asked == "record")) {
    requested = asked->get<std::string>();
  }
  const std::string code = refusal.body.value("error", "error");
  const std::string reason = refusal.body.value("reason", "");
  return {{"meta", response_meta(state, {}, requested, "boolean")},
          {"error", {{"errorCode", refusal.status}, {"errorMessage", fmt::format("{}: {}", code, reason)}}}};
}

}  // namespace oncoshare::node::detail
