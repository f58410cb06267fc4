#include "analytics/detail/filter_lexer.hpp"

#include <cctype>

#include <fmt/format.h>

#include "core/ascii_case.hpp"

namespace oncoshare::analytics::detail {
namespace {

bool is_word_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

core::Error error_at(std::size_t at, std::string message) {
  return core::bad_input(std::move(message), core::Location{{}, 0, at + 1, {}});
}

}  // namespace

bool Token::is(std::string_view keyword) const {
  return kind == TokenKind::word && core::ascii_lower(text) == keyword;
}

core::Result<std::vector<Token>> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const std::size_t start = i;
    auto push = [&](TokenKind kind, std::string value) {
      tokens.push_back(Token{kind, std::move(value), start + 1});
    };
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (is_word_start(c)) {
      while (i < text.size() && is_word_char(text[i])) ++i;
      push(TokenKind::word, std::string(text.substr(start, i - start)));
    } else if (is_digit(c) || ((c == '-' || c == '.') && i + 1 < text.size() &&
                               (is_digit(text[i + 1]) || text[i + 1] == '.'))) {
      ++i;
      while (i < text.size() && (is_word_char(text[i]) || text[i] == '.' ||
                                 ((text[i] == '-' || text[i] == '+') &&
                                  (text[i - 1] == 'e' || text[i - 1] == 'E')))) {
        ++i;
      }
      push(TokenKind::number, std::string(text.substr(start, i - start)));
    } else if (c == '\'' || c == '"') {
      const std::size_t close = text.find(c, i + 1);
      if (close == std::string_view::npos) return error_at(start, "unterminated quoted text");
      push(TokenKind::text, std::string(text.substr(i + 1, close - i - 1)));
      i = close + 1;
    } else if (c == '[') {
      const std::size_t close = text.find(']', i + 1);
      if (close == std::string_view::npos) return error_at(start, "missing ']'");
      push(TokenKind::variable, std::string(text.substr(i + 1, close - i - 1)));
      i = close + 1;
    } else if (c == '(' || c == ')' || c == ',') {
      push(c == '(' ? TokenKind::open : c == ')' ? TokenKind::close : TokenKind::comma, {});
      ++i;
    } else if (c == '=' || c == '!' || c == '<' || c == '>') {
      std::string op(1, c);
      if (i + 1 < text.size() && (text[i + 1] == '=' || (c == '<' && text[i + 1] == '>'))) {
        op += text[i + 1];
      }
      if (op == "!") return error_at(start, "'!' must be followed by '='");
      i += op.size();
      push(TokenKind::op, op == "==" ? "=" : op == "<>" ? "!=" : op);
    } else {
      return error_at(start, fmt::format("unexpected character '{}'", c));
    }
  }
  tokens.push_back(Token{TokenKind::end, {}, text.size() + 1});
  return tokens;
}

}  // namespace oncoshare::analytics::detail
