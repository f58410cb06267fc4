#include "node/detail/release_control.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>


namespace oncoshare::node::detail {

namespace {

// The numbers of body[key] (already checked to be numbers by the statistic).
std::vector<double> numbers(const nlohmann::json& body, const char* key) {
  std::vector<double> out;
  if (!body.contains(key) || !body[key].is_array()) return out;
  for (const auto& v : body[key]) {
    if (v.is_number()) out.push_back(v.get<double>());
  }
  return out;
}

bool on_lattice(double value, double step) {
  const double q = value / step;
  return std::abs(q - std::round(q)) < 1e-9;
}

// The first gap narrower than `width` between consecutive points, or a point off the
// lattice of `width` when `aligned`: a refusal naming the policy value.
std::optional<Reply> check_spacing(const std::vector<double>& points, double width, bool aligned, const char* field,
                                   const char* error, const char* what) {
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i > 0 && points[i] - points[i - 1] < width) {
      return Reply::refuse({403, error, fmt::format("field '{}': {} must be at least {:g} apart (dataset policy)", field, what, width)});
    }
    if (aligned && !on_lattice(points[i], width)) {
      return Reply::refuse({403, error, fmt::format("field '{}': exact answers need {} on multiples of {:g} (dataset policy)",
                                                    field, what, width)});
    }
  }
  return std::nullopt;
}

}  // namespace

std::variant<std::int64_t, Reply> cell_size_for(const DatasetPolicy& policy, const nlohmann::json& body) {
  if (!body.contains("min_cell_size")) return policy.min_cell_size;
  const nlohmann::json& asked = body["min_cell_size"];
  if (!asked.is_number_integer() || asked.get<std::int64_t>() < 1) {
    return Reply::bad_request("field 'min_cell_size': expected a positive integer");
  }
  if (asked.get<std::int64_t>() < policy.min_cell_size) {
    return Reply::refuse({403, "less_protection_than_policy",
                          fmt::format("field 'min_cell_size': {} is below this dataset's minimum cell size {}; "
                                      "a request can only ask for more protection", asked.get<std::int64_t>(),
                                      policy.min_cell_size)});
  }
  return asked.get<std::int64_t>();
}

std::optional<Reply> check_resolution(const DatasetPolicy& policy, const nlohmann::json& body, std::string_view type) {
  const bool exact = policy.dp_epsilon == 0;
  if (type == "histogram") {
    return check_spacing(numbers(body, "edges"), policy.min_bin_width, exact, "edges", "bins_too_narrow", "bin edges");
  }
  if (type == "km") {
    std::vector<double> grid = numbers(body, "grid");
    grid.insert(grid.begin(), 0.0);  // the first interval starts at time 0
    return check_spacing(grid, policy.min_time_step, exact, "grid", "grid_too_fine", "grid points");
  }
  return std::nullopt;
}

std::optional<Reply> check_subset_size(const DatasetPolicy& policy, std::size_t kept) {
  if (static_cast<std::int64_t>(kept) >= policy.min_subset_size) return std::nullopt;
  return Reply::refuse({403, "subset_too_small",
                        fmt::format("the filter keeps fewer than {} patients at this node (minimum subset size)",
                                    policy.min_subset_size)});
}

std::variant<BudgetStatus, Reply> charge_budget(NodeState& state, const Call& call, const Dataset& dataset,
                                                MicroEpsilon amount, const std::string& request_id) {
  MicroEpsilon budget = dataset.config->policy.dp_budget;
  for (const auto& other : state.datasets) {
    if (other->source_sha256 == dataset.source_sha256) budget = std::min(budget, other->config->policy.dp_budget);
  }
  const std::string identity = researcher_identity(call.peer);
  if (auto set = state.ledger->set_budget(identity, dataset.source_sha256, budget); !set) {
    return Reply::refuse({500, "ledger_error", set.error().message});
  }
  auto spent = state.ledger->spend(identity, dataset.source_sha256, amount, request_id);
  if (!spent) {
    if (spent.error().code != core::ErrorCode::check_failed) return Reply::refuse({500, "ledger_error", spent.error().message});
    return Reply::refuse({403, "budget_exceeded", spent.error().message});
  }
  return *spent;
}

std::optional<Reply> admit_exact_subset(NodeState& state, const Call& call, const Dataset& dataset,
                                        const std::vector<bool>& kept, std::int64_t min_cell_size,
                                        const std::string& request_id) {
  std::vector<std::uint64_t> patients;
  for (std::size_t row = 0; row < kept.size(); ++row) {
    if (kept[row]) patients.push_back(dataset.patient_digests[row]);
  }
  std::sort(patients.begin(), patients.end());
  auto admitted = state.ledger->admit_subset(researcher_identity(call.peer), dataset.source_sha256, patients,
                                             min_cell_size, request_id);
  if (admitted) return std::nullopt;
  if (admitted.error().code != core::ErrorCode::check_failed) return Reply::refuse({500, "ledger_error", admitted.error().message});
  return Reply::refuse({403, "overlapping_subset", admitted.error().message});
}

}  // namespace oncoshare::node::detail
