// ASCII case for names, codes and keywords (REDCap lower-cases checkbox codes in column
// names; logic keywords, units and labels compare without case). Bytes outside A-Z are kept,
// so UTF-8 text passes through unchanged and no locale is consulted.
#pragma once

#include <string>
#include <string_view>

namespace oncoshare::core {

[[nodiscard]] std::string ascii_lower(std::string_view text);
[[nodiscard]] std::string ascii_upper(std::string_view text);

// a == b with A-Z and a-z taken as equal.
[[nodiscard]] bool ascii_iequals(std::string_view a, std::string_view b);

}  // namespace oncoshare::core
