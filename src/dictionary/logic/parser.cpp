// Recursive-descent parser for REDCap logic. Precedence, lowest first:
//   or < and < not < comparison < + - < * / < unary minus < ^ (right-associative).
#include <algorithm>
#include <fmt/format.h>

#include "core/ascii_case.hpp"
#include "dictionary/logic/ast.hpp"
#include "dictionary/logic/field_ref.hpp"
#include "dictionary/logic/functions.hpp"
#include "dictionary/logic/lexer.hpp"
#include "dictionary/logic/value.hpp"

namespace oncoshare::dictionary::logic {
namespace {

using NodePtr = std::unique_ptr<Node>;
using ParseResult = core::Result<NodePtr>;

constexpr std::size_t max_height = 4 * max_nesting;

core::Error syntax_error(std::uint32_t column, std::string message) {
  return core::bad_input(std::move(message), core::Location{.column = column});
}


class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  core::Result<NodePtr> parse_all() {
    auto root = parse_or();
    if (!root) return root;
    if (peek().kind != TokenKind::end) {
      return syntax_error(peek().column, fmt::format("expected an operator or end of logic, found {}",
                                                     describe(peek())));
    }
    return root;
  }

  std::vector<FieldRef> take_fields() { return std::move(fields_); }

 private:
  // Counts recursion through the grammar so nesting cannot exhaust the stack.
  class DepthGuard {
   public:
    explicit DepthGuard(std::size_t& depth) : depth_(depth) { ++depth_; }
    ~DepthGuard() { --depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
   private:
    std::size_t& depth_;
  };

  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(next_ + ahead, tokens_.size() - 1)];
  }
  const Token& take() { return tokens_[std::min(next_++, tokens_.size() - 1)]; }
  bool peek_word(std::string_view word) const {
    return peek().kind == TokenKind::name && core::ascii_lower(peek().text) == word;
  }

  core::Status check_depth(const Token& at) const {
    if (depth_ > max_nesting) {
      return syntax_error(at.column, fmt::format("logic is nested deeper than {} levels", max_nesting));
    }
    return {};
  }

  ParseResult make(NodeKind kind, std::uint32_t column, Operator op, std::vector<NodePtr> children) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->column = column;
    node->op = op;
    for (const auto& child : children) node->height = std::max(node->height, child->height + 1);
    node->children = std::move(children);
    if (node->height > max_height) {
      return syntax_error(column, fmt::format("logic is nested deeper than {} levels", max_height));
    }
    return node;
  }

  ParseResult binary(Operator op, std::uint32_t column, NodePtr left, NodePtr right) {
    std::vector<NodePtr> children;
    children.push_back(std::move(left));
    children.push_back(std::move(right));
    return make(NodeKind::binary, column, op, std::move(children));
  }

  // Parses `left (op right)*` for a left-associative level whose operators `match` finds.
  template <class Match, class Next>
  ParseResult parse_left_assoc(Match match, Next next) {
    auto left = (this->*next)();
    if (!left) return left;
    NodePtr tree = std::move(*left);
    while (auto op = match()) {
      const std::uint32_t column = take().column;
      auto right = (this->*next)();
      if (!right) return right;
      auto joined = binary(*op, column, std::move(tree), std::move(*right));
      if (!joined) return joined;
      tree = std::move(*joined);
    }
    return tree;
  }

  ParseResult parse_or() {
    return parse_left_assoc([this]() -> std::optional<Operator> {
      if (peek_word("or") || peek().kind == TokenKind::double_bar) return Operator::logical_or;
      return std::nullopt;
    }, &Parser::parse_and);
  }

  ParseResult parse_and() {
    return parse_left_assoc([this]() -> std::optional<Operator> {
      if (peek_word("and") || peek().kind == TokenKind::double_ampersand) return Operator::logical_and;
      return std::nullopt;
    }, &Parser::parse_not);
  }

  ParseResult parse_not() {
    if (!peek_word("not")) return parse_comparison();
    DepthGuard guard(depth_);
    const Token& word = take();
    ONCOSHARE_TRY(check_depth(word));
    auto operand = parse_not();
    if (!operand) return operand;
    std::vector<NodePtr> children;
    children.push_back(std::move(*operand));
    return make(NodeKind::unary, word.column, Operator::logical_not, std::move(children));
  }

  ParseResult parse_comparison() {
    return parse_left_assoc([this]() -> std::optional<Operator> {
      switch (peek().kind) {
        case TokenKind::equal: return Operator::equal;
        case TokenKind::not_equal: return Operator::not_equal;
        case TokenKind::less: return Operator::less;
        case TokenKind::less_equal: return Operator::less_equal;
        case TokenKind::greater: return Operator::greater;
        case TokenKind::greater_equal: return Operator::greater_equal;
        default: return std::nullopt;
      }
    }, &Parser::parse_additive);
  }

  ParseResult parse_additive() {
    return parse_left_assoc([this]() -> std::optional<Operator> {
      if (peek().kind == TokenKind::plus) return Operator::add;
      if (peek().kind == TokenKind::minus) return Operator::subtract;
      return std::nullopt;
    }, &Parser::parse_multiplicative);
  }

  ParseResult parse_multiplicative() {
    return parse_left_assoc([this]() -> std::optional<Operator> {
      if (peek().kind == TokenKind::star) return Operator::multiply;
      if (peek().kind == TokenKind::slash) return Operator::divide;
      return std::nullopt;
    }, &Parser::parse_unary);
  }

  ParseResult parse_unary() {
    const TokenKind kind = peek().kind;
    if (kind != TokenKind::minus && kind != TokenKind::plus) return parse_power();
    DepthGuard guard(depth_);
    const Token& sign = take();
    ONCOSHARE_TRY(check_depth(sign));
    auto operand = parse_unary();
    if (!operand || kind == TokenKind::plus) return operand;
    std::vector<NodePtr> children;
    children.push_back(std::move(*operand));
    return make(NodeKind::unary, sign.column, Operator::negate, std::move(children));
  }

  ParseResult parse_power() {
    auto base = parse_primary();
    if (!base || peek().kind != TokenKind::caret) return base;
    // Right-associative, so each '^' recurses: 2^3^2 = 2^(3^2); 2^-1 allowed.
    DepthGuard guard(depth_);
    const Token& caret = take();
    ONCOSHARE_TRY(check_depth(caret));
    const std::uint32_t column = caret.column;
    auto exponent = parse_unary();
    if (!exponent) return exponent;
    return binary(Operator::power, column, std::move(*base), std::move(*exponent));
  }

  ParseResult parse_primary();
  ParseResult parse_field();
  ParseResult parse_call();

  std::vector<Token> tokens_;
  std::size_t next_ = 0;
  std::size_t depth_ = 0;
  std::vector<FieldRef> fields_;
};

ParseResult Parser::parse_primary() {
  const Token& token = peek();
  auto leaf = [&](Value value) {
    auto node = std::make_unique<Node>();
    node->column = token.column;
    node->literal = std::move(value);
    take();
    return node;
  };
  switch (token.kind) {
    case TokenKind::number: {
      auto number = parse_number(token.text);
      if (!number) return syntax_error(token.column, fmt::format("number {} is out of range", token.text));
      return leaf(Value::number(*number));
    }
    case TokenKind::string:
      return leaf(token.text.empty() ? Value::blank() : Value::text(token.text));
    case TokenKind::field: return parse_field();
    case TokenKind::left_paren: {
      const Token& paren = take();
      const std::uint32_t open = paren.column;
      DepthGuard guard(depth_);
      ONCOSHARE_TRY(check_depth(paren));
      auto inner = parse_or();
      if (!inner) return inner;
      if (peek().kind != TokenKind::right_paren) {
        return syntax_error(peek().column, fmt::format("expected ')' to close '(' opened at column {}", open));
      }
      take();
      return inner;
    }
    case TokenKind::name: {
      const std::string word = core::ascii_lower(token.text);
      if (word == "true" || word == "false") return leaf(truth_value(word == "true"));
      if (peek(1).kind == TokenKind::left_paren) return parse_call();
      if (find_function(word) != nullptr) {
        return syntax_error(peek(1).column, fmt::format("expected '(' after function name '{}'", token.text));
      }
      return syntax_error(token.column, fmt::format(
          "expected a value, found name '{}' (fields are written in brackets: [{}])", token.text, token.text));
    }
    default:
      return syntax_error(token.column, fmt::format("expected a value, found {}", describe(token)));
  }
}

ParseResult Parser::parse_field() {
  // [event][var][instance]: up to three brackets written directly one after another.
  std::vector<Bracket> brackets;
  const Token& first = take();
  brackets.push_back(Bracket{first.text, first.column});
  while (peek().kind == TokenKind::field && peek().adjacent) {
    const Token& part = take();
    brackets.push_back(Bracket{part.text, part.column});
  }
  auto ref = parse_reference(brackets);
  if (!ref) return core::fail(ref.error());
  auto node = std::make_unique<Node>();
  node->kind = NodeKind::field;
  node->column = brackets.front().column;
  node->field = fields_.size();
  fields_.push_back(std::move(*ref));
  return node;
}

ParseResult Parser::parse_call() {
  const Token& name = take();
  const FunctionSpec* spec = find_function(core::ascii_lower(name.text));
  if (spec == nullptr) return syntax_error(name.column, fmt::format("unknown function '{}'", name.text));
  const std::uint32_t open = take().column;  // '('
  DepthGuard guard(depth_);
  ONCOSHARE_TRY(check_depth(name));
  std::vector<NodePtr> args;
  if (peek().kind != TokenKind::right_paren) {
    while (true) {
      auto arg = parse_or();
      if (!arg) return arg;
      args.push_back(std::move(*arg));
      if (peek().kind == TokenKind::comma) { take(); continue; }
      if (peek().kind == TokenKind::right_paren) break;
      return syntax_error(peek().column, fmt::format("expected ',' or ')' to close '{}(' opened at column {}",
                                                     name.text, open));
    }
  }
  take();  // ')'
  if (args.size() < spec->min_args || args.size() > spec->max_args) {
    std::string wanted = spec->min_args == spec->max_args ? fmt::format("{}", spec->min_args)
                         : spec->max_args == any_count ? fmt::format("at least {}", spec->min_args)
                                                       : fmt::format("{} to {}", spec->min_args, spec->max_args);
    return syntax_error(name.column, fmt::format("function '{}' takes {} argument{}, got {}", spec->name,
                                                 wanted, wanted.ends_with(" 1") || wanted == "1" ? "" : "s", args.size()));
  }
  auto node = make(NodeKind::call, name.column, Operator::add, std::move(args));
  if (node) (*node)->function = spec;
  return node;
}

}  // namespace

core::Result<Expression> parse(std::string_view text) {
  std::unique_ptr<Node> root;
  std::vector<FieldRef> fields;
  auto tokens = tokenize(text);
  if (!tokens) return core::fail(tokens.error());
  if (tokens->size() > 1) {  // empty logic has no tree: always true
    Parser parser(std::move(*tokens));
    auto tree = parser.parse_all();
    if (!tree) return core::fail(tree.error());
    root = std::move(*tree);
    fields = parser.take_fields();
  }
  return Expression(std::string(text), std::move(root), std::move(fields));
}

}  // namespace oncoshare::dictionary::logic
