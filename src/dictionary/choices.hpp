// REDCap's "Choices, Calculations, OR Slider Labels" cell: choice lists and slider labels.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "dictionary/variable.hpp"

namespace oncoshare::dictionary {

// Parses "code, label | code, label". The first comma of each item splits code from label,
// so labels may contain commas; spaces around '|' are optional; code and label are trimmed.
// An empty cell gives no choices. Fails (message only, no location: the caller knows the
// file and row) on an item without a comma, an empty code or a repeated code.
[[nodiscard]] core::Result<std::vector<Choice>> parse_choices(std::string_view text);

// Formats choices the way REDCap exports them: "code, label | code, label".
[[nodiscard]] std::string format_choices(const std::vector<Choice>& choices);

// Splits slider labels "left | middle | right" (trimmed; empty cell gives none).
[[nodiscard]] std::vector<std::string> parse_slider_labels(std::string_view text);

// Joins slider labels with " | ".
[[nodiscard]] std::string format_slider_labels(const std::vector<std::string>& labels);

// The implicit choices of yesno (1 Yes, 0 No) and truefalse (1 True, 0 False); empty for
// every other type.
[[nodiscard]] std::vector<Choice> implicit_choices(FieldType type);

// `text` without leading and trailing spaces, tabs and line breaks.
[[nodiscard]] std::string_view trim(std::string_view text);

}  // namespace oncoshare::dictionary
