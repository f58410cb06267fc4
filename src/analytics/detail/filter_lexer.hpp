// Tokens of the filter language (see filter.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace oncoshare::analytics::detail {

enum class TokenKind { word, variable, number, text, op, open, close, comma, end };

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;          // word / [variable] name / number / unquoted text / operator
  std::uint64_t column = 0;  // 1-based
  // Whether a word is the keyword `keyword` (case-insensitive).
  [[nodiscard]] bool is(std::string_view keyword) const;
};

// Splits `text` into tokens ending with one `end` token. Errors: an unterminated quote or
// bracket, or a character the language does not use (with its column).
[[nodiscard]] core::Result<std::vector<Token>> tokenize(std::string_view text);


}  // namespace oncoshare::analytics::detail
