#include "node/detail/model_policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analytics/filter.hpp"
#include "analytics/query_statistic.hpp"
#include "models/formula.hpp"
#include "models/model_disclosure.hpp"
#include "node/detail/openssl.hpp"
#include "node/detail/release_control.hpp"

namespace oncoshare::node::detail {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxFitIdLength = 64;

bool fit_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Steps on the lattice of `unit`: rounded up to such a step, times are never finer than it.
bool multiple_of(double step, double unit) {
  const double q = step / unit;
  return q >= 1 - 1e-9 && std::abs(q - std::round(q)) < 1e-9;
}

Reply refusal(const models::ModelRefusal& refused) { return Reply::refuse({403, refused.code, refused.reason}); }

// The ledger's request id of a fit's one charge: unique per researcher, source and fit.
std::string fit_charge_id(const std::string& identity, const std::string& source, const std::string& fit) {
  return fmt::format("model-fit:{}:{}", sha256_hex(identity + "\n" + source).substr(0, 16), fit);
}

}  // namespace

std::variant<std::string, Reply> fit_id(const json& body) {
  std::string fit;
  if (auto bad = require_string(body, "fit", fit)) return *bad;
  if (fit.empty() || fit.size() > kMaxFitIdLength || !std::all_of(fit.begin(), fit.end(), fit_char)) {
    return Reply::bad_request(fmt::format("field 'fit': expected 1 to {} letters, digits, '-' or '_'", kMaxFitIdLength));
  }
  return fit;
}

std::optional<Reply> check_cox_grid(const DatasetConfig& config, const json& round) {
  auto request = models::parse_cox_request(round);
  if (!request || request->stratified) return std::nullopt;  // a malformed round is refused when answered
  const DatasetPolicy& policy = config.policy;
  if (!policy.exact_event_times && !multiple_of(request->grid_step, policy.min_time_step)) {
    return Reply::refuse({403, "event_times_not_allowed",
                          fmt::format("field 'round.grid_step': dataset '{}' does not reveal event times, even summed: "
                                      "a pooled Cox round needs a time grid step that is a multiple of {:g} days "
                                      "(dataset policy)", config.id, policy.min_time_step)});
  }
  if (request->grid_max < models::kCoxHorizonDays) {
    return Reply::refuse({403, "grid_horizon_too_short",
                          fmt::format("field 'round.grid_max': a pooled Cox round's time grid must reach {:g} days; "
                                      "a shorter one would tell whether a time lies beyond it",
                                      models::kCoxHorizonDays)});
  }
  return std::nullopt;
}

std::variant<models::Design, Reply> checked_design(const Dataset& dataset, const models::ModelSpec& spec,
                                                   const json& body) {
  auto terms = models::parse_formula(spec.formula);
  if (!terms) return Reply::bad_request(terms.error().to_string(), "bad_model");
  if (auto refused = models::check_response_types(dataset.table, *terms, spec)) return refusal(*refused);
  auto filter = analytics::compile_filter(analytics::string_field(body, "filter"), dataset.table);
  if (!filter) return Reply::bad_request("field 'filter': " + filter.error().message, "bad_model");
  auto design = models::build_design(dataset.table, *terms, &*filter);
  if (!design) return Reply::bad_request(design.error().to_string(), "bad_model");
  const DatasetPolicy& policy = dataset.config->policy;
  const models::ModelLimits limits{policy.min_cell_size, policy.model_rows_per_parameter, policy.max_saturation};
  if (auto refused = models::check_design_disclosure(*design, spec, limits)) return refusal(*refused);
  return std::move(*design);
}

std::variant<std::optional<MicroEpsilon>, Reply> admit_model_round(NodeState& state, const Call& call,
                                                                   const Dataset& dataset, const std::string& fit) {
  const DatasetPolicy& policy = dataset.config->policy;
  const std::string identity = researcher_identity(call.peer);
  const std::string& source = dataset.source_sha256;
  auto rounds = state.ledger->model_rounds(identity, source, fit);
  if (!rounds) return Reply::refuse({500, "ledger_error", rounds.error().message});
  // Model statistics are exact: a fit costs a fixed model_epsilon, charged at its first round.
  if (*rounds == 0 && policy.model_epsilon > 0) {
    auto charged = charge_budget(state, call, dataset, policy.model_epsilon, fit_charge_id(identity, source, fit));
    if (auto* refused = std::get_if<Reply>(&charged)) return *refused;
  }
  auto counted = state.ledger->count_model_round(identity, source, fit, policy.max_model_rounds);
  if (!counted) {
    if (counted.error().code != core::ErrorCode::check_failed) {
      return Reply::refuse({500, "ledger_error", counted.error().message});
    }
    return Reply::refuse({403, "too_many_rounds", counted.error().message + " (max_model_rounds, dataset policy)"});
  }
  if (policy.model_epsilon == 0) return std::optional<MicroEpsilon>{};
  auto status = state.ledger->status(identity, source);
  if (!status) return Reply::refuse({500, "ledger_error", status.error().message});
  return std::optional<MicroEpsilon>{status->remaining()};
}

}  // namespace oncoshare::node::detail
