// The levels of a categorical covariate in design order (reference first) and the names
// of its dummy columns: the part of the design every site must code the same way.
#pragma once

#include <string>
#include <vector>

#include "analytics/study_table.hpp"
#include "core/result.hpp"
#include "models/design.hpp"

namespace oncoshare::models::detail {

struct CovariateLevels {
  std::vector<std::string> codes;  // choice codes, the reference first
  std::vector<std::string> names;  // one coefficient name per dummy (codes[1..])
};

// The levels of categorical `column`: its agreed levels in `terms` if any, else its
// choices in dictionary order, except yesno/truefalse whose "0" (No/False) comes first;
// then a relevel() term moves its code to the front. Dummies are named variable + code
// ("stage_group3"), except the one dummy of a yesno/truefalse left in its default order,
// named after the variable ("obstruct") as R names a 0/1 number. Errors (bad_input, at
// the formula column of the code): relevel() to a code that is not one of the levels.
[[nodiscard]] core::Result<CovariateLevels> covariate_levels(const analytics::StudyColumn& column,
                                                             const ModelTerms& terms);

// Errors (bad_input, at the formula column of the variable) for a relevel() term whose
// variable is not in `table` or is not categorical.
[[nodiscard]] core::Status check_relevel_variables(const analytics::StudyTable& table, const ModelTerms& terms);

}  // namespace oncoshare::models::detail
