#include "dictionary/logic/lexer.hpp"

#include <fmt/format.h>

namespace oncoshare::dictionary::logic {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Walks the text byte by byte while counting characters, so columns are in characters
// even when labels or strings hold UTF-8.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  [[nodiscard]] bool done() const { return pos_ >= text_.size(); }
  [[nodiscard]] char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  [[nodiscard]] std::uint32_t column() const { return column_; }
  [[nodiscard]] std::size_t pos() const { return pos_; }
  [[nodiscard]] std::string_view slice(std::size_t from) const { return text_.substr(from, pos_ - from); }
  void advance() {
    ++pos_;
    // A byte that continues a UTF-8 sequence does not start a new character.
    if (pos_ >= text_.size() || (static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) ++column_;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::uint32_t column_ = 1;
};

std::string printable(char c) {
  auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7F) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02X}", byte);
}

core::Error error_at(std::uint32_t column, std::string message) {
  return core::bad_input(std::move(message), core::Location{.column = column});
}

// Reads a quoted string; REDCap has no escapes inside logic strings.
core::Result<Token> read_string(Cursor& in) {
  const char quote = in.peek();
  Token token{TokenKind::string, {}, in.column()};
  in.advance();
  const std::size_t start = in.pos();
  while (!in.done() && in.peek() != quote) in.advance();
  if (in.done()) {
    return error_at(in.column(), fmt::format("expected closing quote ({}) for the string started at column {}",
                                             quote, token.column));
  }
  token.text = std::string(in.slice(start));
  in.advance();
  return token;
}

core::Result<Token> read_field(Cursor& in) {
  Token token{TokenKind::field, {}, in.column()};
  in.advance();
  const std::size_t start = in.pos();
  while (!in.done() && in.peek() != ']' && in.peek() != '[') in.advance();
  if (in.peek() != ']') {
    return error_at(in.column(), fmt::format("expected ']' to close '[' opened at column {}",
                                             token.column));
  }
  token.text = std::string(in.slice(start));
  in.advance();
  return token;
}

Token read_number(Cursor& in) {
  Token token{TokenKind::number, {}, in.column()};
  const std::size_t start = in.pos();
  while (is_digit(in.peek())) in.advance();
  if (in.peek() == '.') {
    in.advance();
    while (is_digit(in.peek())) in.advance();
  }
  token.text = std::string(in.slice(start));
  return token;
}

// Operators of one or two characters; returns false if `in` is not at an operator.
bool read_operator(Cursor& in, Token& token) {
  const char c = in.peek();
  const char next = in.peek(1);
  auto take = [&](TokenKind kind, int length) {
    token.kind = kind;
    for (int i = 0; i < length; ++i) in.advance();
    return true;
  };
  switch (c) {
    case '+': return take(TokenKind::plus, 1);
    case '-': return take(TokenKind::minus, 1);
    case '*': return take(TokenKind::star, 1);
    case '/': return take(TokenKind::slash, 1);
    case '^': return take(TokenKind::caret, 1);
    case '(': return take(TokenKind::left_paren, 1);
    case ')': return take(TokenKind::right_paren, 1);
    case ',': return take(TokenKind::comma, 1);
    case '=': return take(TokenKind::equal, next == '=' ? 2 : 1);
    case '!': return next == '=' && take(TokenKind::not_equal, 2);
    case '&': return next == '&' && take(TokenKind::double_ampersand, 2);
    case '|': return next == '|' && take(TokenKind::double_bar, 2);
    case '<':
      if (next == '>') return take(TokenKind::not_equal, 2);
      if (next == '=') return take(TokenKind::less_equal, 2);
      return take(TokenKind::less, 1);
    case '>': return next == '=' ? take(TokenKind::greater_equal, 2) : take(TokenKind::greater, 1);
    default: return false;
  }
}

}  // namespace

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::number: return fmt::format("number {}", token.text);
    case TokenKind::string: return fmt::format("string '{}'", token.text);
    case TokenKind::name: return fmt::format("'{}'", token.text);
    case TokenKind::field: return fmt::format("field [{}]", token.text);
    case TokenKind::end: return "end of logic";
    default: return fmt::format("'{}'", token.text);
  }
}

core::Result<std::vector<Token>> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  Cursor in(text);
  bool adjacent = false;
  bool line_start = true;  // only blanks since the start of the text or the last newline
  while (true) {
    adjacent = true;
    while (is_space(in.peek()) || (line_start && in.peek() == '#')) {
      if (in.peek() == '#') {
        while (!in.done() && in.peek() != '\n') in.advance();
        continue;
      }
      line_start = line_start || in.peek() == '\n';
      in.advance();
      adjacent = false;
    }
    line_start = false;
    if (in.done()) break;
    const char c = in.peek();
    const std::size_t start = in.pos();
    Token token{TokenKind::end, {}, in.column()};
    if (c == '\'' || c == '"') {
      auto string = read_string(in);
      if (!string) return core::fail(string.error());
      token = std::move(*string);
    } else if (c == '[') {
      auto field = read_field(in);
      if (!field) return core::fail(field.error());
      token = std::move(*field);
    } else if (is_digit(c) || (c == '.' && is_digit(in.peek(1)))) {
      token = read_number(in);
    } else if (is_name_start(c)) {
      while (is_name_char(in.peek())) in.advance();
      token.kind = TokenKind::name;
      token.text = std::string(in.slice(start));
    } else if (read_operator(in, token)) {
      token.text = std::string(in.slice(start));
    } else {
      const char* hint = c == '!'                ? " (write 'not' or '<>')"
                         : c == '&' || c == '|' ? " (write '&&' / '||', or 'and' / 'or')"
                         : c == '#'             ? " ('#' starts a comment only as a line's first character)"
                                                : "";
      return error_at(in.column(), fmt::format("unexpected character {}{}", printable(c), hint));
    }
    token.adjacent = adjacent && !tokens.empty();
    tokens.push_back(std::move(token));
  }
  tokens.push_back(Token{TokenKind::end, {}, in.column(), false});
  return tokens;
}

}  // namespace oncoshare::dictionary::logic
