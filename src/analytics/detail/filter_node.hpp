// Internal: one node of a compiled filter. The text parser (filter.cpp) and the structured
// terms (filter_terms.cpp) build the same tree, so a filter means the same whichever way it
// was written.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "analytics/filter.hpp"

namespace oncoshare::analytics {

// A boolean combination or a test on one column.
struct Filter::Node {
  enum class Kind { all, and_, or_, not_, compare, in, missing } kind = Kind::all;
  std::vector<std::unique_ptr<Node>> children;
  const StudyColumn* column = nullptr;
  std::string op;               // compare: = != < <= > >=
  std::vector<double> numbers;  // categorical levels, numbers and dates
  std::vector<std::string> texts;
  bool negated = false;         // `not in`, `is not missing`

  [[nodiscard]] bool eval(std::size_t row) const;
};

}  // namespace oncoshare::analytics
