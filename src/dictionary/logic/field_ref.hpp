// Field references inside brackets: var, var(code). Internal to the logic component.
#pragma once

#include <cstdint>
#include <string_view>

#include "dictionary/logic.hpp"

namespace oncoshare::dictionary::logic {

// Parses the inside of one bracket pair, `inside`, whose '[' is at `column`. Accepts
// `name` and `name(code)`; fails naming the column of the first character that does not fit.
[[nodiscard]] core::Result<FieldRef> parse_field_ref(std::string_view inside, std::uint32_t column);

}  // namespace oncoshare::dictionary::logic
