// Tokens of REDCap logic text. Internal to the logic parser.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace oncoshare::dictionary::logic {

enum class TokenKind : std::uint8_t {
  number,      // 3, 4.5, .34
  string,      // 'x' or "x" (text holds the contents without quotes)
  name,        // function name, and/or/not, true/false
  field,       // [var], [var(code)], [var:modifier], [smart-variable] (text holds the inside of the brackets)
  plus, minus, star, slash, caret,
  equal, not_equal, less, less_equal, greater, greater_equal,
  double_ampersand, double_bar,  // && and ||, REDCap's other spellings of and / or
  left_paren, right_paren, comma,
  end,
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;
  std::uint32_t column = 0;  // 1-based character column of the token's first character
  bool adjacent = false;     // no whitespace between this token and the previous one
};

// Human-readable name of a token for "expected X, found Y" messages.
[[nodiscard]] std::string describe(const Token& token);

// Splits `text` into tokens ending with one `end` token. A line whose first non-blank
// character is '#' is a comment (REDCap 13+) and yields no tokens. Fails on an unterminated string
// or field reference, or a character that cannot start a token, naming its column.
[[nodiscard]] core::Result<std::vector<Token>> tokenize(std::string_view text);

}  // namespace oncoshare::dictionary::logic
