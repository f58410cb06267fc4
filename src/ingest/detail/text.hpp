// Small text helpers shared by the header resolver, the label decoder and the EAV grouper.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dictionary/variable.hpp"

namespace oncoshare::ingest::detail {

// A label as REDCap writes it into a label export header or value: HTML tags removed,
// runs of whitespace (including newlines) collapsed to one space, ends trimmed.
[[nodiscard]] std::string normalise_label(std::string_view text);

// The choices a variable's values are coded with: its own list, or the implicit
// 1/0 choices of yesno ("Yes"/"No") and truefalse ("True"/"False") fields.
[[nodiscard]] std::vector<dictionary::Choice> effective_choices(const dictionary::Variable& v);

// Parses a positive decimal integer that fits in 32 bits; 0 when `text` is not one.
[[nodiscard]] std::uint32_t parse_positive(std::string_view text);

}  // namespace oncoshare::ingest::detail
