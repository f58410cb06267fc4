// Beacon v2 endpoints (framework v2.0.0 response shapes): /api/info, /api/map,
// /api/filtering_terms and /api/individuals at boolean and count granularity. Individuals
// answers obey the dataset policy like any query (researcher list, "beacon" query type,
// DUO purpose, minimum cell size: a count 0 < n < k is downgraded to boolean).
#include <fmt/format.h>

#include <set>

#include "analytics/filter.hpp"
#include "analytics/local_stats.hpp"
#include "node/detail/node_state.hpp"

namespace oncoshare::node::detail {

namespace {

constexpr const char* kApiVersion = "v2.0.0";

std::string beacon_id(const NodeState& state) { return "org.oncoshare." + state.config.name; }

nlohmann::json meta(const NodeState& state) {
  return {{"beaconId", beacon_id(state)}, {"apiVersion", kApiVersion}, {"returnedSchemas", nlohmann::json::array()}};
}

// Beacon filters [{id, operator, value}] as analytics filter text; values are quoted, and
// a quote inside one is refused rather than escaped.
core::Result<std::string> filter_text(const nlohmann::json& filters) {
  std::string text;
  if (filters.is_null()) return text;
  if (!filters.is_array()) return core::fail(core::bad_input("query.filters: expected an array"));
  for (std::size_t i = 0; i < filters.size(); ++i) {
    const auto& f = filters[i];
    if (!f.is_object() || !f.contains("id") || !f["id"].is_string()) {
      return core::fail(core::bad_input(fmt::format("query.filters[{}]: expected {{\"id\", \"operator\", \"value\"}}", i)));
    }
    std::string op = f.contains("operator") && f["operator"].is_string() ? f["operator"].get<std::string>() : "=";
    if (op != "=" && op != "!=" && op != "<" && op != "<=" && op != ">" && op != ">=") {
      return core::fail(core::bad_input(fmt::format("query.filters[{}].operator: '{}' is not = != < <= > >=", i, op)));
    }
    std::string value;
    if (f.contains("value") && f["value"].is_string()) value = f["value"].get<std::string>();
    else if (f.contains("value") && f["value"].is_number()) value = f["value"].dump();
    else return core::fail(core::bad_input(fmt::format("query.filters[{}].value: required string or number", i)));
    if (value.find_first_of("'\"") != std::string::npos) {
      return core::fail(core::bad_input(fmt::format("query.filters[{}].value: quotes are not allowed", i)));
    }
    text += fmt::format("{}[{}] {} '{}'", text.empty() ? "" : " and ", f["id"].get<std::string>(), op, value);
  }
  return text;
}

Reply info(const NodeState& state) {
  Reply r;
  r.body = {{"meta", meta(state)},
            {"response", {{"id", beacon_id(state)}, {"name", "oncoshare node " + state.config.name},
                          {"apiVersion", kApiVersion}, {"environment", "prod"},
                          {"organization", {{"id", state.config.name}, {"name", state.config.name}}},
                          {"description", "Aggregate-only Beacon over a cancer registry site node"},
                          {"version", "v0.1.0"}}}};
  return r;
}

Reply map(const NodeState& state) {
  Reply r;
  r.body = {{"meta", meta(state)},
            {"response", {{"$schema", "https://raw.githubusercontent.com/ga4gh-beacon/beacon-v2/main/framework/json/configuration/beaconMapSchema.json"},
                          {"endpointSets", {{"individual", {{"entryType", "individual"},
                                                            {"rootUrl", "/api/individuals"},
                                                            {"filteringTermsUrl", "/api/filtering_terms"}}}}}}}};
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
  r.body = {{"meta", meta(state)}, {"response", {{"filteringTerms", terms}}}};
  return r;
}

Reply individuals(NodeState& state, const Call& call) {
  const auto& body = call.body;
  const nlohmann::json query = body.contains("query") && body["query"].is_object() ? body["query"] : nlohmann::json::object();
  const nlohmann::json params = query.contains("requestParameters") && query["requestParameters"].is_object()
                                    ? query["requestParameters"] : nlohmann::json::object();
  std::string dataset_id = params.value("datasetId", body.value("dataset", ""));
  if (dataset_id.empty() && state.datasets.size() == 1) dataset_id = state.datasets.front()->config->id;
  const Dataset* dataset = state.dataset(dataset_id);
  if (dataset == nullptr) return Reply::refuse({404, "unknown_dataset", fmt::format("no dataset '{}' on this node", dataset_id)});
  const DatasetConfig& config = *dataset->config;
  if (auto refusal = check_access(config, call.peer, "beacon")) return Reply::refuse(*refusal);
  // GET carries the purpose as ?purpose=HMB (a DUO primary use); POST as a purpose object.
  nlohmann::json purpose_json;
  const nlohmann::json* purpose = nullptr;
  if (body.contains("purpose") && body["purpose"].is_string()) {
    purpose_json = {{"use", body["purpose"]}};
    purpose = &purpose_json;
  } else if (body.contains("purpose")) {
    purpose = &body["purpose"];
  } else if (params.contains("purpose")) {
    purpose = &params["purpose"];
  }
  if (auto refusal = check_purpose(config, state.consents.at(config.id), purpose, state.diseases)) return Reply::refuse(*refusal);

  nlohmann::json filters = query.contains("filters") ? query["filters"] : nlohmann::json(nullptr);
  if (body.contains("filters") && body["filters"].is_string()) {
    // GET: filters=var=value,var2=value2 (Beacon's comma-separated form, '=' only).
    filters = nlohmann::json::array();
    std::string all = body["filters"].get<std::string>();
    for (std::size_t start = 0; start <= all.size();) {
      std::size_t end = std::min(all.find(',', start), all.size());
      std::string item = all.substr(start, end - start);
      auto eq = item.find('=');
      if (eq == std::string::npos) return Reply::bad_request(fmt::format("filters: '{}' is not VARIABLE=VALUE", item), "bad_filter");
      filters.push_back({{"id", item.substr(0, eq)}, {"operator", "="}, {"value", item.substr(eq + 1)}});
      start = end + 1;
    }
  }
  auto text = filter_text(filters);
  if (!text) return Reply::bad_request(text.error().message, "bad_filter");
  auto filter = analytics::compile_filter(*text, dataset->table);
  if (!filter) return Reply::bad_request("query.filters: " + filter.error().message, "bad_filter");
  std::string requested = query.value("requestedGranularity", body.value("requestedGranularity", "boolean"));
  if (requested != "boolean" && requested != "count") {
    return Reply::bad_request(fmt::format("requestedGranularity: '{}' is not boolean or count (record is not served)", requested));
  }
  std::int64_t n = analytics::count_rows(dataset->table, *filter);
  std::string returned = requested;
  if (n > 0 && n < config.policy.min_cell_size) returned = "boolean";  // small counts never leave in clear
  nlohmann::json summary = {{"exists", n > 0}};
  if (returned == "count") summary["numTotalResults"] = n;
  nlohmann::json m = meta(state);
  m["returnedGranularity"] = returned;
  m["returnedSchemas"] = {{{"entityType", "individual"}, {"schema", "beacon-individual-v2.0.0"}}};
  m["receivedRequestSummary"] = {{"apiVersion", kApiVersion},
                                 {"requestedSchemas", nlohmann::json::array()},
                                 {"filters", filters.is_null() ? nlohmann::json::array() : filters},
                                 {"requestedGranularity", requested},
                                 {"pagination", {{"skip", 0}, {"limit", 0}}}};
  Reply r;
  r.body = {{"meta", m}, {"responseSummary", summary}};
  r.result_size = 1;
  r.note = fmt::format("beacon individuals on '{}': {} granularity", config.id, returned);
  return r;
}

}  // namespace

Reply handle_beacon(NodeState& state, const Call& call, std::string_view endpoint) {
  if (endpoint == "info") return info(state);
  if (endpoint == "map") return map(state);
  if (endpoint == "filtering_terms") return filtering_terms(state);
  return individuals(state, call);
}

}  // namespace oncoshare::node::detail
