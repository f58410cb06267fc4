// Internal: how a filter literal is typed against its column (choice codes and labels,
// numbers, dates, text) and which comparisons a column admits; one rule for the text
// parser and the structured terms.
#pragma once

#include <string_view>

#include "analytics/detail/filter_node.hpp"
#include "core/result.hpp"

namespace oncoshare::analytics::detail {

// Types `literal` for node.column and appends it to node.numbers / node.texts. Error
// (bad_input, no location): "'IV' is not a choice code or label of 'sex'".
[[nodiscard]] core::Status append_literal(Filter::Node& node, std::string_view literal);

// Whether `op` (= != < <= > >=) applies to `column`: text columns take = and != only.
// Error (bad_input, no location): "'name' is text: only = and != apply".
[[nodiscard]] core::Status check_operator(const StudyColumn& column, std::string_view op);

}  // namespace oncoshare::analytics::detail
