#include "analytics/detail/columns.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace oncoshare::analytics::detail {

core::Result<const StudyColumn*> column_of(const StudyTable& table, const std::string& name,
                                           std::initializer_list<ValueType> types) {
  const StudyColumn* column = table.find(name);
  core::Location where{{}, 0, 0, name};
  if (column == nullptr) {
    return core::bad_input(fmt::format("unknown variable '{}'", name), where);
  }
  if (std::find(types.begin(), types.end(), column->type) == types.end()) {
    std::string wanted;
    for (ValueType type : types) {
      wanted += fmt::format("{}{}", wanted.empty() ? "" : " or ", to_string(type));
    }
    return core::bad_input(fmt::format("'{}' is {}, not {}", name, to_string(column->type), wanted),
                           where);
  }
  return column;
}

std::vector<std::string> codes(const StudyColumn& column) {
  std::vector<std::string> out;
  for (const auto& choice : column.choices) out.push_back(choice.code);
  return out;
}

}  // namespace oncoshare::analytics::detail
