// References inside brackets: [var], [var(code):modifier], [event][var][instance] and
// smart variables. Internal to the logic component.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "dictionary/logic.hpp"

namespace oncoshare::dictionary::logic {

// The inside of one bracket pair and the column of its '['.
struct Bracket {
  std::string_view inside;
  std::uint32_t column = 0;
};

// Parses one reference written as 1 to 3 adjacent bracket pairs:
//   [smart-variable]  [var(code):modifier]  [event][var]  [var][instance]  [event][var][instance]
// where an instance is a number or an instance smart variable ([first-instance] ...).
// Fails naming the column of the first character that does not fit.
[[nodiscard]] core::Result<FieldRef> parse_reference(std::span<const Bracket> brackets);

}  // namespace oncoshare::dictionary::logic
