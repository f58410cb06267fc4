// POST /query/{count,crosstab,histogram,km}: local sufficient statistics under the
// dataset policy (release_control.hpp), answered in clear (small cells suppressed) or
// encrypted under the collective key. By default answers carry Skellam noise and spend the
// researcher's budget; exact answers (dp_epsilon = 0, allowed explicitly) pass the
// query-set controls instead (docs/disclosure-control.md).
#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <ctime>

#include "analytics/filter.hpp"
#include "analytics/query_statistic.hpp"
#include "node/contribution.hpp"
#include "node/detail/node_state.hpp"
#include "node/detail/release_control.hpp"
#include "secure/codec.hpp"

namespace oncoshare::node::detail {

namespace {

constexpr std::size_t kMaxReleases = 10000;

void remember(NodeState& state, const std::string& query_id, Release release) {
  state.release_order.push_back(query_id);
  state.releases.emplace(query_id, std::move(release));
  if (state.release_order.size() > kMaxReleases) {
    state.releases.erase(state.release_order.front());
    state.release_order.erase(state.release_order.begin());
  }
}

// This node's signed statement about an encrypted answer (node/contribution.hpp).
core::Result<SignedStatement> sign_contribution(const NodeState& state, const Dataset& dataset, const Call& call,
                                                std::string_view type, const std::string& query_id,
                                                const std::string& digest, const secure::CiphertextVector& ciphertexts,
                                                std::uint32_t noise_shares) {
  ContributionClaim claim;
  claim.node = state.config.name;
  claim.researcher = call.peer.name;
  claim.query_id = query_id;
  claim.dataset = dataset.config->id;
  claim.query = answered_query(type, call.body);
  claim.query_digest = digest;
  claim.key_index = state.key_share->index;
  claim.cells = ciphertexts.size();
  claim.noise_shares = noise_shares;
  claim.c1_digest = secure::first_components_digest(secure::first_components(ciphertexts));
  claim.ciphertexts_digest = secure::ciphertexts_digest(ciphertexts);
  claim.collective_key_sha256 = collective_key_digest(state.key_share->key);
  claim.software = ONCOSHARE_VERSION;
  claim.dataset_sha256 = dataset.content_sha256;
  claim.policy_sha256 = dataset.policy_sha256;
  claim.time = static_cast<std::int64_t>(std::time(nullptr));
  return state.signer->sign(statement_text(claim));
}

}  // namespace

Reply handle_query(NodeState& state, const Call& call, std::string_view type) {
  const auto& body = call.body;
  std::string dataset_id;
  if (auto bad = require_string(body, "dataset", dataset_id)) return *bad;
  const Dataset* dataset = state.dataset(dataset_id);
  if (dataset == nullptr) return Reply::refuse({404, "unknown_dataset", fmt::format("no dataset '{}' on this node", dataset_id)});
  const DatasetConfig& config = *dataset->config;
  const DatasetPolicy& policy = config.policy;
  if (auto refusal = check_access(config, call.peer, type)) return Reply::refuse(*refusal);
  const nlohmann::json* purpose = body.contains("purpose") ? &body["purpose"] : nullptr;
  if (auto refusal = check_purpose(config, state.consents.at(config.id), purpose, state.diseases)) {
    return Reply::refuse(*refusal);
  }
  std::string mode = analytics::string_field(body, "mode", "plaintext");
  if (mode != "plaintext" && mode != "encrypted") {
    return Reply::bad_request(fmt::format("field 'mode': '{}' is not plaintext or encrypted", mode));
  }
  if (mode == "plaintext" && !policy.plaintext) {
    return Reply::refuse({403, "plaintext_not_allowed",
                          fmt::format("dataset '{}' answers only in encrypted mode (\"mode\": \"encrypted\")", config.id)});
  }
  auto cell_size = cell_size_for(policy, body);
  if (auto* refusal = std::get_if<Reply>(&cell_size)) return *refusal;
  const std::int64_t k = std::get<std::int64_t>(cell_size);
  auto filter = analytics::compile_filter(analytics::string_field(body, "filter"), dataset->table);
  if (!filter) return Reply::bad_request("field 'filter': " + filter.error().message, "bad_filter");
  auto statistic = analytics::compute_statistic(dataset->table, *filter, body, type);
  if (!statistic) return Reply::bad_request(statistic.error().message, "bad_query");
  if (auto refusal = check_resolution(policy, body, type)) return *refusal;

  // Exact answers only where the policy says so, and then under the query-set controls.
  const bool exact = policy.dp_epsilon == 0;
  const std::vector<bool> kept = filter->mask(dataset->table.rows());
  if (exact) {
    if (auto refusal = check_subset_size(policy, static_cast<std::size_t>(std::count(kept.begin(), kept.end(), true)))) {
      return *refusal;
    }
  }
  secure::SkellamParams noise;
  nlohmann::json noise_json = nullptr;
  if (!exact) {
    NoiseScale scale = noise_scale(policy.dp_epsilon, statistic->sensitivity);
    // Encrypted shares are sized for the fewest contributions an opening may combine, so any
    // aggregate that can be opened carries at least the configured noise.
    const auto shares = static_cast<std::uint32_t>(mode == "encrypted" ? policy.min_contributors : 1);
    noise = {scale.mu_numerator, scale.mu_denominator, shares};
    if (auto valid = secure::validate(noise); !valid) {
      return Reply::bad_request(fmt::format("the noise this query needs is out of range ({}); ask for fewer cells",
                                            valid.error().message), "noise_out_of_range");
    }
    noise_json = {{"distribution", "skellam"}, {"mu_numerator", noise.mu_numerator},
                  {"mu_denominator", noise.mu_denominator}, {"shares", noise.nodes},
                  {"epsilon", format_epsilon(policy.dp_epsilon)}, {"sensitivity", statistic->sensitivity}};
  }

  Reply reply;
  nlohmann::json out = {{"node", state.config.name}, {"dataset", config.id}, {"query", type}, {"mode", mode},
                        {"shape", statistic->shape}, {"noise", noise_json}, {"min_cell_size", k}};
  std::string query_id;
  if (mode == "encrypted") {
    if (auto bad = require_string(body, "query_id", query_id)) return *bad;
    // The pooled small-cell rule cannot be checked on ciphertexts; for exact answers each
    // node's own cells must already be 0 or at least k (then so is every sum of them).
    if (exact && std::any_of(statistic->cells.begin(), statistic->cells.end(), [k](std::int64_t n) { return n > 0 && n < k; })) {
      return Reply::refuse({403, "small_cells",
                            fmt::format("an exact encrypted answer may not hold cells below {} at any node: "
                                        "widen the bins, the grid or the filter", k)});
    }
  }
  std::unique_lock lock(state.secure_mutex, std::defer_lock);
  if (mode == "encrypted") {
    lock.lock();
    if (!state.key_share) {
      return Reply::refuse({409, "no_collective_key", "this node has no collective key yet: run the DKG (/secure/dkg/*)"});
    }
    if (state.roster.empty()) {
      return Reply::refuse({409, "no_roster", "this node has no federation roster ([[roster]] in node.toml): it answers in clear only"});
    }
    // One release per id: a reused id (another researcher's or an earlier query's) would
    // let two answers stand for one query.
    if (state.releases.contains(query_id)) {
      return Reply::refuse({409, "query_id_in_use", fmt::format("query_id '{}' was already used: take a fresh one", query_id)});
    }
  }
  const std::string request_id = body["nonce"].get<std::string>();
  if (exact) {
    if (auto refusal = admit_exact_subset(state, call, *dataset, kept, k, request_id)) return *refusal;
  } else {
    auto charged = charge_budget(state, call, *dataset, policy.dp_epsilon, request_id);
    if (auto* refusal = std::get_if<Reply>(&charged)) return *refusal;
    out["budget_remaining"] = format_epsilon(std::get<BudgetStatus>(charged).remaining());
  }
  std::vector<std::int64_t> noise_shares(statistic->cells.size(), 0);
  if (!exact) {
    auto shares = secure::sample_skellam_shares(noise, statistic->cells.size());
    if (!shares) return Reply::refuse({500, "noise_error", shares.error().message});
    noise_shares = std::move(*shares);
  }
  if (mode == "plaintext") {
    std::size_t suppressed = suppress_small_cells(statistic->cells, k, out["cells"]);
    for (std::size_t i = 0; i < statistic->cells.size(); ++i) {
      if (!out["cells"][i].is_null()) out["cells"][i] = statistic->cells[i] + noise_shares[i];
    }
    out["suppressed"] = suppressed;
    reply.note = fmt::format("plaintext {} cells, {} suppressed (min cell size {})", statistic->cells.size(), suppressed, k);
  } else {
    // This node's noise share goes into the plaintext: one encryption per cell.
    for (std::size_t i = 0; i < statistic->cells.size(); ++i) statistic->cells[i] += noise_shares[i];
    const secure::CiphertextVector ciphertexts = state.encryptions->encrypt(statistic->cells);
    sodium_memzero(noise_shares.data(), noise_shares.size() * sizeof(std::int64_t));
    const std::string digest = query_digest(answered_query(type, body));
    auto statement = sign_contribution(state, *dataset, call, type, query_id, digest, ciphertexts, exact ? 0 : noise.nodes);
    if (!statement) return Reply::refuse({500, "signing_failed", statement.error().message});
    std::string serialized = secure::serialize(ciphertexts);
    remember(state, query_id, {config.id, call.peer.name, digest, *statement, {}, {}, {}});
    out["query_id"] = query_id;
    out["key_index"] = state.key_share->index;
    out["ciphertexts"] = nlohmann::json::parse(serialized);
    out["contribution"] = {{"statement", statement->text}, {"signature", statement->signature}};
    reply.note = fmt::format("encrypted {} cells, query_id {}", statistic->cells.size(), query_id);
  }
  reply.result_size = statistic->cells.size();
  reply.body = std::move(out);
  return reply;
}

}  // namespace oncoshare::node::detail
