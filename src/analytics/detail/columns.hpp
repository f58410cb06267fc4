// Column look-ups shared by the statistics: by name, with an allowed set of types.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "analytics/study_table.hpp"
#include "core/result.hpp"

namespace oncoshare::analytics::detail {

// The column `name` if its type is one of `types`; otherwise an error naming the variable
// (field) and, for a wrong type, what it is.
[[nodiscard]] core::Result<const StudyColumn*> column_of(const StudyTable& table,
                                                         const std::string& name,
                                                         std::initializer_list<ValueType> types);

// The column's choice codes in dictionary order.
[[nodiscard]] std::vector<std::string> codes(const StudyColumn& column);

}  // namespace oncoshare::analytics::detail
