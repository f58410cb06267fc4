// Typing of raw export cells into study-table columns (shared by the loader and the
// derivations so a derived copy of a variable is typed exactly like the variable).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "analytics/study_table.hpp"
#include "core/error.hpp"

namespace oncoshare::analytics::detail {

// An empty column of the variable's type (choices, label); `name` overrides its name
// (checkbox choices are `var___code`).
[[nodiscard]] StudyColumn column_for(const dictionary::Variable& variable, std::string_view name,
                                     const dictionary::Choice* checkbox_choice);

// Appends one missing cell.
void append_missing(StudyColumn& column);

// Stores `raw` (non-blank) into `row`. A value that does not fit the type is recorded in
// `problems` (at `where`, naming the column and the raw value) and the cell stays missing.
void store(StudyColumn& column, std::size_t row, std::string_view raw, const core::Location& where,
           std::vector<core::Error>& problems);

// A finite decimal number ("12", "-3.5", "1e3"), or nullopt.
[[nodiscard]] std::optional<double> parse_number(std::string_view text);

}  // namespace oncoshare::analytics::detail
