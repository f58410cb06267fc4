// Internal: the disclosure controls every release channel of the node shares (queries,
// Beacon, model rounds), so one policy is enforced the same way whichever door a request
// comes through. Each check returns the refusal to send, naming the policy value and never a
// data value (docs/disclosure-control.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "node/detail/node_state.hpp"

namespace oncoshare::node::detail {

// The minimum cell size to apply: the policy's, or the request's "min_cell_size" when it
// asks for more. Asking for less is refused (403 less_protection_than_policy).
[[nodiscard]] std::variant<std::int64_t, Reply> cell_size_for(const DatasetPolicy& policy, const nlohmann::json& body);

// Histogram bins at least min_bin_width wide and Kaplan-Meier grid points at least
// min_time_step apart (403 bins_too_narrow / grid_too_fine); for exact answers, edges and
// grid points on multiples of those widths, so two answers cannot be shifted by a sliver.
[[nodiscard]] std::optional<Reply> check_resolution(const DatasetPolicy& policy, const nlohmann::json& body,
                                                    std::string_view type);

// The filter keeps at least min_subset_size patients here (403 subset_too_small).
[[nodiscard]] std::optional<Reply> check_subset_size(const DatasetPolicy& policy, std::size_t kept);

// Charges `amount` to the caller's budget on the dataset's data source before a release;
// the budget is the smallest of the dataset ids over that source. A refusal (403
// budget_exceeded) names the remaining budget.
[[nodiscard]] std::variant<BudgetStatus, Reply> charge_budget(NodeState& state, const Call& call, const Dataset& dataset,
                                                              MicroEpsilon amount, const std::string& request_id);

// Overlap control for exact answers: the patients `kept` selects must not differ from an
// earlier exact answer's of the same researcher and source by 1..k-1 (403 overlapping_subset).
[[nodiscard]] std::optional<Reply> admit_exact_subset(NodeState& state, const Call& call, const Dataset& dataset,
                                                      const std::vector<bool>& kept, std::int64_t min_cell_size,
                                                      const std::string& request_id);

}  // namespace oncoshare::node::detail
