// JSON read from untrusted text (request bodies, audit lines, manifests, key files) with a
// nesting limit. Deeply nested input is refused before it is parsed: nlohmann's parser is
// iterative, but destroying, dumping and walking a parsed value recurse once per level, so a
// few hundred kilobytes of brackets would overflow the stack. Nothing legitimate we read
// nests beyond a dozen levels.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/result.hpp"

namespace oncoshare::core {

inline constexpr std::size_t kMaxJsonDepth = 64;

// Refuses `text` when arrays and objects nest deeper than `max_depth` (brackets inside
// strings do not count): bad_input at the opening bracket's line and column within `where`
// (its file and field are kept; a line given in `where` is the text's first line).
[[nodiscard]] Status check_json_depth(std::string_view text, Location where, std::size_t max_depth = kMaxJsonDepth);

// check_json_depth, then parse: malformed text is bad_input naming the line and column and
// nlohmann's reason (never the text itself, which may hold patient values).
[[nodiscard]] Result<nlohmann::json> parse_json(std::string_view text, Location where,
                                                std::size_t max_depth = kMaxJsonDepth);

}  // namespace oncoshare::core
