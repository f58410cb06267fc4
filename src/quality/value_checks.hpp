// Cell-level checks of one raw export value against its dictionary variable: validation
// type (conformance), min/max (plausibility) and permissible codes. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dictionary/variable.hpp"

namespace oncoshare::quality {

// Whether the datatype check applies to a validation kind (project-defined types, mrn_generic,
// vmrn, signature and slider flags take any text).
[[nodiscard]] bool has_datatype_check(dictionary::ValidationKind kind);

// Checks a non-blank raw value against the validation type, as REDCap exports it (dates
// ISO whatever the display order, comma decimals with a comma). Returns the failure
// message ("not a date (YYYY-MM-DD)", "not a real date", "not an integer",
// "needs exactly 1 decimal place", ...) or nullopt when the value conforms.
[[nodiscard]] std::optional<std::string> check_datatype(const dictionary::Validation& validation,
                                                        std::string_view value);

// A value ready for range comparisons: a number, or seconds since 1970 for dates and times.
// nullopt when `value` is not of the validation's bound kind. "today"/"now" become `today`
// (ISO date) or nullopt when `today` is empty.
[[nodiscard]] std::optional<double> comparable(const dictionary::Validation& validation,
                                               std::string_view value, std::string_view today);

// A validation's min/max as comparable values (nullopt: no bound, or one that cannot be
// resolved without --today). Resolved once per variable rather than once per cell.
struct RangeBounds {
  std::optional<double> min, max;
};
[[nodiscard]] RangeBounds range_bounds(const dictionary::Validation& validation, std::string_view today);

// Checks a conforming value against min/max. Returns "below min 130" / "above max 2024-12-31"
// or nullopt; a bound that cannot be resolved (no --today) is skipped.
[[nodiscard]] std::optional<std::string> check_range(const dictionary::Validation& validation,
                                                     std::string_view value, std::string_view today);

// check_range for a value already made comparable, against bounds from range_bounds.
[[nodiscard]] std::optional<std::string> check_range(const dictionary::Validation& validation, double value,
                                                     const RangeBounds& bounds);

// Number of Unicode code points in UTF-8 `text` (the unit of REDCap's length limits).
[[nodiscard]] std::size_t code_points(std::string_view text);

}  // namespace oncoshare::quality
