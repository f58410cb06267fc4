// Conversions between logic values, numbers, text and truth. Internal to the logic component.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "dictionary/logic.hpp"

namespace oncoshare::dictionary::logic {

// The number `text` spells, REDCap-style: optional sign, digits with an optional decimal
// point (".34" and "5." included), optional exponent; surrounding spaces allowed.
// nullopt if it is not a number.
[[nodiscard]] std::optional<double> parse_number(std::string_view text);

// The number a value holds or spells; nullopt for blank or non-numeric text.
[[nodiscard]] std::optional<double> as_number(const Value& value);

// Value::number(1) or Value::number(0): REDCap's true and false.
[[nodiscard]] Value truth_value(bool truth);

// The value as a number for arithmetic: nullopt for blank (the result is then blank),
// an error naming `what` and `column` for text that is not a number.
[[nodiscard]] core::Result<std::optional<double>> numeric_operand(const Value& value,
                                                                  std::string_view what,
                                                                  std::uint32_t column);

// The value as true/false: blank is false, a number is true unless 0, "true"/"false"
// text as written; other text is an error at `column`.
[[nodiscard]] core::Result<bool> truth_of(const Value& value, std::uint32_t column);

// The error every evaluation failure uses: a bad_input error at `column`.
[[nodiscard]] core::Error evaluation_error(std::uint32_t column, std::string message);

}  // namespace oncoshare::dictionary::logic
