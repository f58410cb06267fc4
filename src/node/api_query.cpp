// POST /query/{count,crosstab,histogram,km}: local sufficient statistics under the
// dataset policy, answered in clear (small cells suppressed) or encrypted under the
// collective key (no local suppression: only aggregates are ever decrypted; see
// docs/node.md "Minimum cell size"). With dp_epsilon set, answers carry Skellam noise and
// spend the researcher's budget.
#include <fmt/format.h>

#include "analytics/filter.hpp"
#include "analytics/local_stats.hpp"
#include "analytics/survival_counts.hpp"
#include "node/detail/node_state.hpp"

namespace oncoshare::node::detail {

namespace {

constexpr std::size_t kMaxReleases = 10000;

struct Statistic {
  std::vector<std::int64_t> cells;
  nlohmann::json shape;
  std::int64_t sensitivity = 1;  // cells one patient can change, for the noise scale
};

core::Result<std::vector<double>> numbers(const nlohmann::json& body, const char* key) {
  if (!body.contains(key) || !body[key].is_array()) {
    return core::fail(core::bad_input(fmt::format("field '{}': required array of numbers", key)));
  }
  std::vector<double> out;
  for (const auto& v : body[key]) {
    if (!v.is_number()) return core::fail(core::bad_input(fmt::format("field '{}': expected numbers, got {}", key, v.dump())));
    out.push_back(v.get<double>());
  }
  return out;
}

std::string text(const nlohmann::json& body, const char* key, std::string fallback = {}) {
  return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : fallback;
}

core::Result<Statistic> compute(const analytics::StudyTable& table, const analytics::Filter& filter,
                                const nlohmann::json& body, std::string_view type) {
  Statistic s;
  if (type == "count") {
    s.cells = {analytics::count_rows(table, filter)};
    s.shape = nlohmann::json::object();
  } else if (type == "crosstab") {
    auto tab = analytics::cross_tabulate(table, filter, text(body, "rows"), text(body, "columns"));
    if (!tab) return core::fail(tab.error());
    s.cells = tab->counts;
    s.shape = {{"rows", tab->row_variable}, {"columns", tab->column_variable},
               {"row_codes", tab->row_codes}, {"column_codes", tab->column_codes}, {"missing_level", true}};
  } else if (type == "histogram") {
    auto edges = numbers(body, "edges");
    if (!edges) return core::fail(edges.error());
    auto h = analytics::histogram(table, filter, text(body, "variable"), *edges);
    if (!h) return core::fail(h.error());
    s.cells = h->counts;
    s.shape = {{"variable", h->variable}, {"edges", h->edges}, {"layout", "below, bins..., above, missing"}};
  } else {
    auto grid = numbers(body, "grid");
    if (!grid) return core::fail(grid.error());
    analytics::SurvivalQuery query;
    query.time = text(body, "time", query.time);
    query.event = text(body, "event", query.event);
    query.event_code = text(body, "event_code", query.event_code);
    query.group = text(body, "group");
    auto counts = analytics::survival_counts(table, filter, query, *grid);
    if (!counts) return core::fail(counts.error());
    s.cells = counts->to_vector();
    s.shape = {{"grid", counts->grid}, {"groups", counts->groups}, {"group_labels", counts->group_labels},
               {"layout", "at_risk[groups x grid], events[groups x grid], censored[groups x grid], excluded"}};
    // One patient is at risk in every interval up to its time, plus one event or censoring.
    s.sensitivity = static_cast<std::int64_t>(counts->grid.size()) + 1;
  }
  return s;
}

void remember(NodeState& state, const std::string& query_id, Release release) {
  if (!state.releases.contains(query_id)) state.release_order.push_back(query_id);
  state.releases[query_id] = std::move(release);
  if (state.release_order.size() > kMaxReleases) {
    state.releases.erase(state.release_order.front());
    state.release_order.erase(state.release_order.begin());
  }
}

}  // namespace

Reply handle_query(NodeState& state, const Call& call, std::string_view type) {
  const auto& body = call.body;
  std::string dataset_id;
  if (auto bad = require_string(body, "dataset", dataset_id)) return *bad;
  const Dataset* dataset = state.dataset(dataset_id);
  if (dataset == nullptr) return Reply::refuse({404, "unknown_dataset", fmt::format("no dataset '{}' on this node", dataset_id)});
  const DatasetConfig& config = *dataset->config;
  if (auto refusal = check_access(config, call.peer, type)) return Reply::refuse(*refusal);
  const nlohmann::json* purpose = body.contains("purpose") ? &body["purpose"] : nullptr;
  if (auto refusal = check_purpose(config, state.consents.at(config.id), purpose, state.diseases)) {
    return Reply::refuse(*refusal);
  }
  std::string mode = text(body, "mode", "plaintext");
  if (mode != "plaintext" && mode != "encrypted") {
    return Reply::bad_request(fmt::format("field 'mode': '{}' is not plaintext or encrypted", mode));
  }
  if (mode == "plaintext" && !config.policy.plaintext) {
    return Reply::refuse({403, "plaintext_not_allowed",
                          fmt::format("dataset '{}' answers only in encrypted mode (\"mode\": \"encrypted\")", config.id)});
  }
  auto filter = analytics::compile_filter(text(body, "filter"), dataset->table);
  if (!filter) return Reply::bad_request("field 'filter': " + filter.error().message, "bad_filter");
  auto statistic = compute(dataset->table, *filter, body, type);
  if (!statistic) return Reply::bad_request(statistic.error().message, "bad_query");

  const bool noisy = config.policy.dp_epsilon > 0;
  secure::SkellamParams noise;
  nlohmann::json noise_json = nullptr;
  if (noisy) {
    NoiseScale scale = noise_scale(config.policy.dp_epsilon, statistic->sensitivity);
    noise = {scale.mu_numerator, scale.mu_denominator, 1};
    std::unique_lock lock(state.secure_mutex);
    if (mode == "encrypted" && state.key_share) noise.nodes = state.key_share->key.params.participants;
    lock.unlock();
    if (auto valid = secure::validate(noise); !valid) {
      return Reply::bad_request(fmt::format("the noise this query needs is out of range ({}); ask for fewer cells",
                                            valid.error().message), "noise_out_of_range");
    }
    noise_json = {{"distribution", "skellam"}, {"mu_numerator", noise.mu_numerator},
                  {"mu_denominator", noise.mu_denominator}, {"shares", noise.nodes},
                  {"epsilon", format_epsilon(config.policy.dp_epsilon)}};
  }

  Reply reply;
  nlohmann::json out = {{"node", state.config.name}, {"dataset", config.id}, {"query", type}, {"mode", mode},
                        {"shape", statistic->shape}, {"noise", noise_json}};
  std::string query_id;
  if (mode == "encrypted") {
    if (auto bad = require_string(body, "query_id", query_id)) return *bad;
  }
  std::unique_lock lock(state.secure_mutex, std::defer_lock);
  if (mode == "encrypted") {
    lock.lock();
    if (!state.key_share) {
      return Reply::refuse({409, "no_collective_key", "this node has no collective key yet: run the DKG (/secure/dkg/*)"});
    }
  }
  if (noisy) {
    const std::string& researcher = call.peer.name;
    if (auto set = state.ledger->set_budget(researcher, config.id, config.policy.dp_budget); !set) {
      return Reply::refuse({500, "ledger_error", set.error().message});
    }
    auto spent = state.ledger->spend(researcher, config.id, config.policy.dp_epsilon, body["nonce"].get<std::string>());
    if (!spent) return Reply::refuse({403, "budget_exceeded", spent.error().message});
    out["budget_remaining"] = format_epsilon(spent->remaining());
  }
  if (mode == "plaintext") {
    std::size_t suppressed = suppress_small_cells(statistic->cells, config.policy.min_cell_size, out["cells"]);
    if (noisy) {
      auto shares = secure::sample_skellam_shares(noise, statistic->cells.size());
      if (!shares) return Reply::refuse({500, "noise_error", shares.error().message});
      for (std::size_t i = 0; i < statistic->cells.size(); ++i) {
        if (!out["cells"][i].is_null()) out["cells"][i] = statistic->cells[i] + (*shares)[i];
      }
    }
    out["suppressed"] = suppressed;
    reply.note = fmt::format("plaintext {} cells, {} suppressed (min cell size {})", statistic->cells.size(), suppressed,
                             config.policy.min_cell_size);
  } else {
    secure::Encryptor encryptor(state.key_share->key.public_key);
    auto ciphertexts = encryptor.encrypt(statistic->cells);
    if (noisy) {
      if (auto added = secure::add_noise(encryptor, ciphertexts, noise); !added) {
        return Reply::refuse({500, "noise_error", added.error().message});
      }
    }
    std::string serialized = secure::serialize(ciphertexts);
    remember(state, query_id, {config.id, call.peer.name, serialized});
    out["query_id"] = query_id;
    out["ciphertexts"] = nlohmann::json::parse(serialized);
    reply.note = fmt::format("encrypted {} cells, query_id {}", statistic->cells.size(), query_id);
  }
  reply.result_size = statistic->cells.size();
  reply.body = std::move(out);
  return reply;
}

}  // namespace oncoshare::node::detail
