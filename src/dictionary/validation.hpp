// REDCap text validation types ("Text Validation Type OR Show Slider Number") and the
// min/max bounds that go with them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dictionary/variable.hpp"

namespace oncoshare::dictionary {

// Parses a validation type name as written in a dictionary ("date_ymd", "number_2dp",
// "number_1dp_comma_decimal", "time", ...). An empty name gives kind none. For a slider,
// "number" means "show the value" (slider_number). A name REDCap does not ship gives kind
// other (administrators can define their own types); check_dictionary() warns about it.
// min/max are left empty.
[[nodiscard]] Validation parse_validation(std::string_view name, FieldType type);

// The canonical REDCap name of a kind ("time" for time_hh_mm); "" for none and other.
[[nodiscard]] std::string_view validation_name(ValidationKind kind);

enum class BoundKind { none, date, datetime, datetime_seconds, time_hh_mm, time_hh_mm_ss,
                       time_mm_ss, integer, number };

// What min/max mean for a kind: none when the kind takes no bounds (email, phone, ...).
[[nodiscard]] BoundKind bound_kind(ValidationKind kind);

// Whether the kind holds a date, datetime or time.
[[nodiscard]] bool is_temporal(ValidationKind kind);

// The min/max `value` as REDCap stores it, or nullopt when it is not valid for the
// validation: dates and times in canonical ISO form ("1/31/19" -> "2019-01-31", "6:00" ->
// "06:00"; accepted spellings in docs/dictionary.md), integers and numbers as written, and
// bounds resolved at entry time ("today", "now", a piped [field]) unchanged. Use it before
// comparing a value with a bound.
[[nodiscard]] std::optional<std::string> canonical_bound(const Validation& validation,
                                                         std::string_view value);

// Checks one min/max value against the validation (see canonical_bound()). Returns a
// description of what was expected, or nullopt when the value is valid.
[[nodiscard]] std::optional<std::string> check_bound(const Validation& validation,
                                                     std::string_view value);

// Orders two valid bounds of the same validation: negative, 0 or positive like strcmp;
// nullopt when they cannot be compared ("today", a piped [field]).
[[nodiscard]] std::optional<int> compare_bounds(const Validation& validation,
                                                std::string_view a, std::string_view b);

}  // namespace oncoshare::dictionary
