#include "models/model_disclosure.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace oncoshare::models {

namespace {

using analytics::StudyColumn;
using analytics::ValueType;

ModelRefusal wrong_type(const std::string& what, const char* model, const char* needs) {
  return {"model_outcome_type", fmt::format("{}: a {} model needs {}", what, model, needs)};
}

constexpr const char* kBinary = "a categorical variable with two levels coded 0 and 1";

// A response that must be binary: categorical, two choices, codes 0 and 1.
std::optional<ModelRefusal> check_binary(const StudyColumn& column, const char* role, const char* model) {
  const std::string name = variable_label(role, column.name);
  const std::string needs = std::string(kBinary) + (std::string_view(model) == "binomial" ? " (e.g. yes/no)" : "");
  if (column.type != ValueType::categorical) {
    return wrong_type(fmt::format("{} is {}", name, analytics::to_string(column.type)), model, needs.c_str());
  }
  if (column.choices.size() != 2) {
    return wrong_type(fmt::format("{} has {} levels", name, column.choices.size()), model, needs.c_str());
  }
  const bool zero_one = (column.choices[0].code == "0" && column.choices[1].code == "1") ||
                        (column.choices[0].code == "1" && column.choices[1].code == "0");
  if (!zero_one) return wrong_type(fmt::format("{} is not coded 0 and 1", name), model, needs.c_str());
  return std::nullopt;
}

std::optional<ModelRefusal> check_numeric(const StudyColumn& column, const char* role, const char* model) {
  if (column.type == ValueType::numeric) return std::nullopt;
  return wrong_type(fmt::format("{} is {}", variable_label(role, column.name), analytics::to_string(column.type)),
                    model, "a numeric variable");
}

ModelRefusal small_level(const std::string& variable, const std::string& level, std::int64_t k) {
  return {"model_small_category",
          fmt::format("{}: level '{}' is present at this node, but fewer than {} times among the rows the model "
                      "keeps (minimum cell size, dataset policy)", variable, level, k)};
}

// 0 < count < k: a count of zero tells nothing about anyone (as for a table cell).
bool rare(double count, std::int64_t k) { return count > 0 && count < static_cast<double>(k); }

std::optional<ModelRefusal> check_binary_levels(const Eigen::VectorXd& values, const std::string& variable,
                                                std::int64_t k) {
  const double ones = (values.array() == 1.0).count();
  const double zeros = static_cast<double>(values.size()) - ones;
  if (rare(zeros, k)) return small_level(variable, "0", k);
  if (rare(ones, k)) return small_level(variable, "1", k);
  return std::nullopt;
}

std::optional<ModelRefusal> check_dummies(const Design& design, std::int64_t k) {
  const auto rows = static_cast<double>(design.x.rows());
  for (const DummyBlock& block : design.dummies) {
    const std::string variable = variable_label("covariate", block.variable);
    double coded = 0;  // rows of a non-reference level
    for (std::size_t j = 0; j < block.width; ++j) {
      const double count = design.x.col(static_cast<Eigen::Index>(block.first + j)).sum();
      coded += count;
      if (rare(count, k)) return small_level(variable, block.levels[j + 1], k);
    }
    if (rare(rows - coded, k)) return small_level(variable, block.levels[0], k);
  }
  return std::nullopt;
}

}  // namespace

std::optional<ModelRefusal> check_response_types(const analytics::StudyTable& table, const ModelTerms& terms,
                                                 const ModelSpec& spec) {
  auto column = [&](const std::string& name) { return name.empty() ? nullptr : table.find(name); };
  if (spec.type == ModelType::cox) {
    if (const StudyColumn* time = column(terms.time)) {
      if (auto refusal = check_numeric(*time, "time", "Cox")) return refusal;
    }
    if (const StudyColumn* event = column(terms.event)) return check_binary(*event, "event", "Cox");
    return std::nullopt;
  }
  const StudyColumn* outcome = column(terms.outcome);
  if (outcome == nullptr) return std::nullopt;
  const std::string family(to_string(spec.family));
  if (spec.family == Family::binomial) return check_binary(*outcome, "outcome", family.c_str());
  return check_numeric(*outcome, "outcome", family.c_str());
}

std::optional<ModelRefusal> check_design_disclosure(const Design& design, const ModelSpec& spec,
                                                    const ModelLimits& limits) {
  const bool intercept = !design.names.empty() && design.names[0] == "(Intercept)";
  const auto parameters = static_cast<std::int64_t>(design.names.size()) -
                          (spec.type == ModelType::cox && intercept ? 1 : 0);
  const auto rows = static_cast<std::int64_t>(design.x.rows());
  const std::int64_t required = std::max(limits.min_cell_size, limits.rows_per_parameter * parameters);
  if (rows < required) {
    return ModelRefusal{"model_too_few_rows",
                        fmt::format("the model keeps fewer than {} rows at this node after the filter and missing "
                                    "values (at least max(min_cell_size {}, model_rows_per_parameter {} x {} "
                                    "parameters), dataset policy)",
                                    required, limits.min_cell_size, limits.rows_per_parameter, parameters)};
  }
  if (rows > 0 && static_cast<double>(parameters) / static_cast<double>(rows) > limits.max_saturation) {
    return ModelRefusal{"model_saturated",
                        fmt::format("{} parameters on the rows this node keeps exceed the saturation limit {:g} "
                                    "(parameters / rows, dataset policy)", parameters, limits.max_saturation)};
  }
  if (spec.type == ModelType::glm && spec.family == Family::binomial) {
    if (auto refusal = check_binary_levels(design.y, variable_label("outcome", design.outcome_variable),
                                           limits.min_cell_size)) {
      return refusal;
    }
  }
  if (spec.type == ModelType::cox) {
    if (auto refusal = check_binary_levels(design.event, variable_label("event", design.event_variable),
                                           limits.min_cell_size)) {
      return refusal;
    }
  }
  return check_dummies(design, limits.min_cell_size);
}

}  // namespace oncoshare::models
