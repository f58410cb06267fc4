// POST or GET /api/individuals: whether (boolean) or how many (count) patients of a dataset
// pass the request's filters, under the dataset policy like any query (researcher list,
// "beacon" query type, DUO purpose, minimum cell size, budget and noise).
//
// Default (dp_epsilon > 0): every answer, boolean or count, charges dp_epsilon to the
// researcher's budget and is read from one noisy count (the exact count plus Skellam noise of
// sensitivity 1, scale as for /query/count), so booleans carry the same protection as
// counts: "exists" is noisy > 0, and the count is released only when the noisy count is at
// least the minimum cell size (else the answer is boolean).
//
// Exact policy (dp_epsilon = 0 with exact_answers): "exists" is exact, as a Beacon's answer
// is; an empty or small result is answered, at boolean granularity, never refused. A count
// is released only when the filter keeps at least the minimum cell size and the minimum
// subset size, and only then does it pass the overlap control (admit_exact_subset): booleans
// are not recorded in the ledger's history, so they cannot block later counts.
#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <array>

#include "analytics/filter.hpp"
#include "analytics/local_stats.hpp"
#include "core/sodium.hpp"
#include "node/detail/beacon.hpp"
#include "node/detail/release_control.hpp"
#include "secure/noise.hpp"

namespace oncoshare::node::detail {

namespace {

// A request without a nonce is charged under a fresh id, so each one spends.
std::string fresh_request_id() {
  core::ensure_sodium();
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 2 * 16 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  return std::string("beacon-") + hex.data();
}

// What the answer releases: the count the decision is read from, and whether it leaves.
struct Answer {
  std::int64_t value = 0;  // noisy (default) or exact
  bool exists = false;
  bool count = false;      // released at count granularity
  nlohmann::json info = nlohmann::json::object();
};

std::variant<Answer, Reply> noisy_answer(NodeState& state, const Call& call, const Dataset& dataset,
                                         const BeaconRequest& request, std::int64_t n, std::int64_t k) {
  const DatasetPolicy& policy = dataset.config->policy;
  const NoiseScale scale = noise_scale(policy.dp_epsilon, 1);
  const secure::SkellamParams noise{scale.mu_numerator, scale.mu_denominator, 1};
  if (auto valid = secure::validate(noise); !valid) {
    return Reply::bad_request(fmt::format("the noise of this dataset's epsilon is out of range ({})", valid.error().message),
                              "noise_out_of_range");
  }
  auto charged = charge_budget(state, call, dataset, policy.dp_epsilon, request.request_id);
  if (auto* refusal = std::get_if<Reply>(&charged)) return *refusal;
  auto share = secure::sample_skellam_shares(noise, 1);
  if (!share) return Reply::refuse({500, "noise_error", share.error().message});
  Answer answer;
  answer.value = n + share->front();
  answer.exists = answer.value > 0;
  answer.count = request.granularity == "count" && answer.value >= k;
  answer.info = {{"noise", {{"distribution", "skellam"}, {"mu_numerator", noise.mu_numerator},
                            {"mu_denominator", noise.mu_denominator}, {"epsilon", format_epsilon(policy.dp_epsilon)},
                            {"sensitivity", 1}}},
                 {"budget_remaining", format_epsilon(std::get<BudgetStatus>(charged).remaining())}};
  return answer;
}

std::variant<Answer, Reply> exact_answer(NodeState& state, const Call& call, const Dataset& dataset,
                                         const BeaconRequest& request, const analytics::Filter& filter,
                                         std::int64_t n, std::int64_t k) {
  Answer answer;
  answer.value = n;
  answer.exists = n > 0;
  answer.count = request.granularity == "count" && n >= k &&
                 !check_subset_size(dataset.config->policy, static_cast<std::size_t>(n)).has_value();
  answer.info = {{"noise", nullptr}};
  if (answer.count) {
    if (auto refusal = admit_exact_subset(state, call, dataset, filter.mask(dataset.table.rows()), k, request.request_id)) {
      return *refusal;
    }
  }
  return answer;
}

}  // namespace

Reply handle_individuals(NodeState& state, const Call& call) {
  auto read = read_beacon_request(call.body);
  if (auto* refusal = std::get_if<Reply>(&read)) return *refusal;
  BeaconRequest& request = std::get<BeaconRequest>(read);
  if (request.dataset_id.empty() && state.datasets.size() == 1) request.dataset_id = state.datasets.front()->config->id;
  if (request.request_id.empty()) request.request_id = fresh_request_id();
  const Dataset* dataset = state.dataset(request.dataset_id);
  if (dataset == nullptr) return Reply::refuse({404, "unknown_dataset", fmt::format("no dataset '{}' on this node", request.dataset_id)});
  const DatasetConfig& config = *dataset->config;
  if (auto refusal = check_access(config, call.peer, "beacon")) return Reply::refuse(*refusal);
  const nlohmann::json* purpose = request.purpose.is_null() ? nullptr : &request.purpose;
  if (auto refusal = check_purpose(config, state.consents.at(config.id), purpose, state.diseases)) return Reply::refuse(*refusal);
  auto cell_size = cell_size_for(config.policy, request.cell_size);
  if (auto* refusal = std::get_if<Reply>(&cell_size)) return *refusal;
  const std::int64_t k = std::get<std::int64_t>(cell_size);
  auto filter = analytics::compile_terms(request.terms, dataset->table);
  if (!filter) return Reply::bad_request("query.filters: " + filter.error().to_string(), "bad_filter");

  const std::int64_t n = analytics::count_rows(dataset->table, *filter);
  auto decided = config.policy.dp_epsilon == 0 ? exact_answer(state, call, *dataset, request, *filter, n, k)
                                               : noisy_answer(state, call, *dataset, request, n, k);
  if (auto* refusal = std::get_if<Reply>(&decided)) return *refusal;
  Answer& answer = std::get<Answer>(decided);
  const std::string returned = answer.count ? "count" : "boolean";
  nlohmann::json summary = {{"exists", answer.exists}};
  if (answer.count) summary["numTotalResults"] = answer.value;
  answer.info["min_cell_size"] = k;
  Reply r;
  r.body = {{"meta", response_meta(state, request.filters, request.granularity, returned)},
            {"responseSummary", summary},
            {"info", answer.info}};
  r.result_size = 1;
  r.note = fmt::format("beacon individuals on '{}': {} granularity{}", config.id, returned,
                       config.policy.dp_epsilon == 0 ? " (exact)" : "");
  return r;
}

}  // namespace oncoshare::node::detail
