// Internal: the dataset policy applied to a model round (/model/round/advertise) before any
// statistic is computed: the Cox grid rule at every step, the response types, the design's
// disclosure checks (models/model_disclosure.hpp), the cap on rounds per fit and the
// budget charged once per fit. Refusals name the variable, the rule and the policy value,
// never a data value (docs/disclosure-control.md, "Models").
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "models/design.hpp"
#include "models/model_request.hpp"
#include "node/detail/node_state.hpp"

namespace oncoshare::node::detail {

// The fit id every round of a model carries ("fit": 1 to 64 letters, digits, '-' or '_'),
// or a 400 naming the field.
[[nodiscard]] std::variant<std::string, Reply> fit_id(const nlohmann::json& body);

// For a round of a pooled Cox model (as the round asks, whatever the model says): a grid
// step that is a multiple of min_time_step unless the dataset allows exact event times
// (403 event_times_not_allowed), and the full horizon models::kCoxHorizonDays (403
// grid_horizon_too_short: a shorter one would tell whether a time lies beyond it).
[[nodiscard]] std::optional<Reply> check_cox_grid(const DatasetConfig& config, const nlohmann::json& round);

// The design of the model on the filtered dataset once the policy allows it: response
// types checked against the dictionary before a row is read (403 model_outcome_type), then
// rows, saturation and categories (403 model_too_few_rows, model_saturated,
// model_small_category). A bad formula or filter is a 400 bad_model / bad_request.
[[nodiscard]] std::variant<models::Design, Reply> checked_design(const Dataset& dataset, const models::ModelSpec& spec,
                                                                 const nlohmann::json& body);

// Counts this round of `fit` for the caller (403 too_many_rounds past max_model_rounds)
// and, at the fit's first round, charges model_epsilon to the caller's budget on the data
// source (403 budget_exceeded, naming what remains). Returns the budget left, or nullopt
// when the policy charges models nothing (model_epsilon = 0).
[[nodiscard]] std::variant<std::optional<MicroEpsilon>, Reply> admit_model_round(NodeState& state, const Call& call,
                                                                                 const Dataset& dataset,
                                                                                 const std::string& fit);

}  // namespace oncoshare::node::detail
