#include "models/design.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <string_view>
#include <utility>

#include "models/detail/reference_levels.hpp"

namespace oncoshare::models {
namespace {

using analytics::StudyColumn;
using analytics::StudyTable;
using analytics::ValueType;

core::Error variable_error(const std::string& name, std::string message) {
  return core::bad_input(std::move(message), core::Location{{}, 0, 0, name});
}

// A variable the model reads, resolved against the table once.
[[nodiscard]] core::Result<const StudyColumn*> find_column(const StudyTable& table,
                                                           const std::string& name,
                                                           const char* role) {
  const StudyColumn* column = table.find(name);
  if (column == nullptr) return core::fail(variable_error(name, fmt::format("unknown {} variable '{}'", role, name)));
  if (column->type == ValueType::text) {
    return core::fail(variable_error(name, fmt::format("{} '{}' is a text column; a model needs numbers or choices",
                                                       role, name)));
  }
  return column;
}

// The numeric value of each choice code of a categorical outcome / event (yesno -> 0/1).
[[nodiscard]] core::Result<std::vector<double>> code_values(const StudyColumn& column, const char* role) {
  std::vector<double> values;
  for (const auto& choice : column.choices) {
    double v = 0;
    const char* end = choice.code.data() + choice.code.size();
    auto [ptr, ec] = std::from_chars(choice.code.data(), end, v);
    if (ec != std::errc{} || ptr != end) {
      return core::fail(variable_error(column.name, fmt::format("categorical {} '{}' has the non-numeric code '{}'",
                                                                role, column.name, choice.code)));
    }
    values.push_back(v);
  }
  return values;
}

// A response-like variable (outcome, time, event, offset) as a number per row.
struct Numeric {
  const StudyColumn* column = nullptr;
  std::vector<double> codes;  // categorical: value per choice index
  [[nodiscard]] double at(std::size_t row) const {
    return column->type == ValueType::categorical ? codes[static_cast<std::size_t>(column->levels[row])]
                                                  : column->numbers[row];
  }
};

[[nodiscard]] core::Result<Numeric> numeric(const StudyTable& table, const std::string& name, const char* role) {
  Numeric n;
  auto column = find_column(table, name, role);
  if (!column) return core::fail(column.error());
  n.column = *column;
  if (n.column->type == ValueType::categorical && std::string_view(role) == "offset") {
    return core::fail(variable_error(name, fmt::format("offset '{}' is categorical", name)));
  }
  if (n.column->type == ValueType::categorical) {
    auto codes = code_values(*n.column, role);
    if (!codes) return core::fail(codes.error());
    n.codes = std::move(*codes);
  }
  return n;
}

// One covariate: a numeric column, or dummies for every agreed level but the first.
struct Covariate {
  const StudyColumn* column = nullptr;
  std::vector<int> dummy_of_choice;  // categorical: choice index -> dummy (-1 reference, -2 not agreed)
  std::size_t first = 0;             // first design column
  std::size_t width = 1;
};

struct Plan {
  std::vector<std::string> names;
  std::vector<Covariate> covariates;
  std::vector<DummyBlock> dummies;
  Numeric outcome, offset, time, event;
};

[[nodiscard]] core::Status plan_categorical(const ModelTerms& terms, Covariate& c, Plan& plan) {
  const StudyColumn& column = *c.column;
  auto levels = detail::covariate_levels(column, terms);
  if (!levels) return levels.error();
  std::vector<std::string>& codes = levels->codes;
  if (codes.empty()) return variable_error(column.name, fmt::format("covariate '{}' has no levels", column.name));
  c.dummy_of_choice.assign(column.choices.size(), -2);
  for (std::size_t k = 0; k < codes.size(); ++k) {
    const std::int32_t choice = column.level_of(codes[k]);
    if (choice < 0) {
      return variable_error(column.name, fmt::format("agreed level '{}' is not a choice of '{}'", codes[k], column.name));
    }
    c.dummy_of_choice[static_cast<std::size_t>(choice)] = static_cast<int>(k) - 1;
  }
  plan.names.insert(plan.names.end(), levels->names.begin(), levels->names.end());
  c.width = codes.size() - 1;
  plan.dummies.push_back({column.name, std::move(codes), c.first, c.width});
  return {};
}

[[nodiscard]] core::Result<Plan> make_plan(const StudyTable& table, const ModelTerms& terms) {
  Plan plan;
  const std::pair<const std::string*, Numeric*> wanted[] = {
      {&terms.outcome, &plan.outcome}, {&terms.time, &plan.time}, {&terms.event, &plan.event}, {&terms.offset, &plan.offset}};
  const char* roles[] = {"outcome", "time", "event", "offset"};
  for (std::size_t k = 0; k < 4; ++k) {
    if (wanted[k].first->empty()) continue;
    auto n = numeric(table, *wanted[k].first, roles[k]);
    if (!n) return core::fail(n.error());
    *wanted[k].second = std::move(*n);
  }
  ONCOSHARE_TRY(detail::check_relevel_variables(table, terms));
  if (terms.intercept) plan.names.emplace_back("(Intercept)");
  for (const auto& name : terms.covariates) {
    Covariate c;
    auto column = find_column(table, name, "covariate");
    if (!column) return core::fail(column.error());
    c.column = *column;
    c.first = plan.names.size();
    if (c.column->type == ValueType::categorical) {
      ONCOSHARE_TRY(plan_categorical(terms, c, plan));
    } else {
      plan.names.push_back(name);
    }
    plan.covariates.push_back(std::move(c));
  }
  return plan;
}

bool missing(const Numeric& n, std::size_t row) { return n.column != nullptr && n.column->is_missing(row); }

}  // namespace

std::string variable_label(const char* role, const std::string& name) {
  return name.empty() ? std::string(role) : fmt::format("{} '{}'", role, name);
}

core::Result<std::vector<std::string>> design_names(const StudyTable& table, const ModelTerms& terms) {
  auto plan = make_plan(table, terms);
  if (!plan) return core::fail(plan.error());
  return plan->names;
}

core::Result<Design> build_design(const StudyTable& table, const ModelTerms& terms,
                                  const analytics::Filter* filter) {
  auto planned = make_plan(table, terms);
  if (!planned) return core::fail(planned.error());
  const Plan& plan = *planned;
  Design d;
  d.names = plan.names;
  d.outcome_variable = terms.outcome;
  d.time_variable = terms.time;
  d.event_variable = terms.event;
  d.dummies = plan.dummies;
  std::vector<std::size_t> rows;
  for (std::size_t row = 0; row < table.rows(); ++row) {
    if (filter != nullptr && !filter->keep(row)) continue;
    bool skip = missing(plan.outcome, row) || missing(plan.offset, row) || missing(plan.time, row) ||
                missing(plan.event, row);
    for (const auto& c : plan.covariates) skip = skip || c.column->is_missing(row);
    if (skip) {
      ++d.excluded;
      continue;
    }
    rows.push_back(row);
  }
  const auto n = static_cast<Eigen::Index>(rows.size());
  d.x = Eigen::MatrixXd::Zero(n, static_cast<Eigen::Index>(d.names.size()));
  d.offset = Eigen::VectorXd::Zero(n);
  if (plan.outcome.column != nullptr) d.y.resize(n);
  if (plan.time.column != nullptr) d.time.resize(n);
  if (plan.event.column != nullptr) d.event.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::size_t row = rows[static_cast<std::size_t>(i)];
    if (terms.intercept) d.x(i, 0) = 1.0;
    for (const auto& c : plan.covariates) {
      const auto col = static_cast<Eigen::Index>(c.first);
      if (c.column->type != ValueType::categorical) {
        d.x(i, col) = c.column->numbers[row];
        continue;
      }
      const std::int32_t choice = c.column->levels[row];
      const int dummy = c.dummy_of_choice[static_cast<std::size_t>(choice)];
      if (dummy == -2) {
        return core::fail(variable_error(
            c.column->name, fmt::format("covariate '{}': a value is not one of the agreed levels", c.column->name)));
      }
      if (dummy >= 0) d.x(i, col + dummy) = 1.0;
    }
    if (plan.outcome.column != nullptr) d.y(i) = plan.outcome.at(row);
    if (plan.time.column != nullptr) d.time(i) = plan.time.at(row);
    if (plan.event.column != nullptr) d.event(i) = plan.event.at(row);
    if (plan.offset.column != nullptr) {
      const double v = plan.offset.at(row);
      if (terms.offset_log && !(v > 0)) {
        return core::fail(variable_error(terms.offset, fmt::format("offset '{}': log() of a value that is not positive",
                                                                   terms.offset)));
      }
      d.offset(i) = terms.offset_log ? std::log(v) : v;
    }
  }
  return d;
}

}  // namespace oncoshare::models
