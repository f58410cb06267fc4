#include "models/detail/reference_levels.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace oncoshare::models::detail {
namespace {

using analytics::StudyColumn;
using analytics::ValueType;

core::Error relevel_error(const std::string& variable, std::size_t column, std::string message) {
  return core::bad_input(std::move(message), core::Location{{}, 0, column, variable});
}

// yesno and truefalse hold 1/0; R users fit them as 0/1 numbers, so No/False is the reference.
bool is_yes_no(const StudyColumn& column) {
  return column.field_type == dictionary::FieldType::yesno || column.field_type == dictionary::FieldType::truefalse;
}

void move_to_front(std::vector<std::string>& codes, std::vector<std::string>::iterator it) {
  std::rotate(codes.begin(), it, it + 1);
}

}  // namespace

core::Result<CovariateLevels> covariate_levels(const StudyColumn& column, const ModelTerms& terms) {
  CovariateLevels out;
  const auto agreed = terms.levels.find(column.name);
  const auto relevel = terms.relevels.find(column.name);
  if (agreed != terms.levels.end()) {
    out.codes = agreed->second;
  } else {
    for (const auto& choice : column.choices) out.codes.push_back(choice.code);
    const auto no = std::find(out.codes.begin(), out.codes.end(), "0");
    if (is_yes_no(column) && no != out.codes.end()) move_to_front(out.codes, no);
  }
  if (relevel != terms.relevels.end()) {
    const Relevel& r = relevel->second;
    auto it = std::find(out.codes.begin(), out.codes.end(), r.reference);
    if (it == out.codes.end()) {
      return core::fail(relevel_error(column.name, r.reference_column,
                                      fmt::format("relevel(): '{}' has no level '{}' (its levels: {})", column.name,
                                                  r.reference, fmt::join(out.codes, ", "))));
    }
    move_to_front(out.codes, it);
  }
  const bool as_number = is_yes_no(column) && agreed == terms.levels.end() && relevel == terms.relevels.end() &&
                         out.codes.size() == 2;
  for (std::size_t k = 1; k < out.codes.size(); ++k) {
    out.names.push_back(as_number ? column.name : column.name + out.codes[k]);
  }
  return out;
}

core::Status check_relevel_variables(const analytics::StudyTable& table, const ModelTerms& terms) {
  for (const auto& [variable, r] : terms.relevels) {
    const StudyColumn* column = table.find(variable);
    if (column == nullptr) {
      return relevel_error(variable, r.variable_column, fmt::format("relevel() of unknown variable '{}'", variable));
    }
    if (column->type != ValueType::categorical) {
      return relevel_error(variable, r.variable_column,
                           fmt::format("relevel() needs a categorical variable; '{}' is {}", variable,
                                       analytics::to_string(column->type)));
    }
  }
  return {};
}

}  // namespace oncoshare::models::detail
