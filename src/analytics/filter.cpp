#include "analytics/filter.hpp"

#include <fmt/format.h>

#include "analytics/detail/filter_lexer.hpp"
#include "analytics/detail/filter_literal.hpp"
#include "analytics/detail/filter_node.hpp"

namespace oncoshare::analytics {

using detail::Token;
using detail::TokenKind;

namespace {

constexpr std::size_t kMaxDepth = 64;  // hostile nesting cannot exhaust the stack

bool compare(double a, const std::string& op, double b) {
  if (op == "=") return a == b;
  if (op == "!=") return a != b;
  if (op == "<") return a < b;
  if (op == "<=") return a <= b;
  if (op == ">") return a > b;
  return a >= b;
}

core::Error error_at(const Token& token, std::string field, std::string message) {
  return core::bad_input(std::move(message), core::Location{{}, 0, token.column, std::move(field)});
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, const StudyTable& table, const FilterOptions& options)
      : tokens_(std::move(tokens)), table_(table), options_(options) {}

  core::Result<std::unique_ptr<Filter::Node>> parse() {
    auto root = expr(0);
    if (!root) return root;
    if (peek().kind != TokenKind::end) return unexpected("'and', 'or' or the end");
    return root;
  }

 private:
  using NodePtr = std::unique_ptr<Filter::Node>;
  using Kind = Filter::Node::Kind;

  const Token& peek() const { return tokens_[pos_]; }
  const Token& take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  core::Error unexpected(std::string_view wanted) const {
    const Token& t = peek();
    std::string got = t.kind == TokenKind::end ? "the end" : fmt::format("'{}'", t.text);
    if (t.kind == TokenKind::open) got = "'('";
    if (t.kind == TokenKind::close) got = "')'";
    if (t.kind == TokenKind::comma) got = "','";
    return error_at(t, {}, fmt::format("expected {}, found {}", wanted, got));
  }

  core::Result<NodePtr> binary(std::size_t depth, std::string_view keyword, Kind kind) {
    auto first = kind == Kind::or_ ? binary(depth, "and", Kind::and_) : unary(depth);
    if (!first || !peek().is(keyword)) return first;
    auto node = std::make_unique<Filter::Node>();
    node->kind = kind;
    node->children.push_back(std::move(*first));
    while (peek().is(keyword)) {
      take();
      auto next = kind == Kind::or_ ? binary(depth, "and", Kind::and_) : unary(depth);
      if (!next) return next;
      node->children.push_back(std::move(*next));
    }
    return node;
  }
  core::Result<NodePtr> expr(std::size_t depth) { return binary(depth, "or", Kind::or_); }

  core::Result<NodePtr> unary(std::size_t depth) {
    if (depth > kMaxDepth) return error_at(peek(), {}, fmt::format("filter is nested deeper than {} levels", kMaxDepth));
    if (peek().is("not")) {
      take();
      auto inner = unary(depth + 1);
      if (!inner) return inner;
      auto node = std::make_unique<Filter::Node>();
      node->kind = Kind::not_;
      node->children.push_back(std::move(*inner));
      return node;
    }
    if (peek().kind == TokenKind::open) {
      take();
      auto inner = expr(depth + 1);
      if (!inner) return inner;
      if (peek().kind != TokenKind::close) return unexpected("')'");
      take();
      return inner;
    }
    return test();
  }

  core::Result<NodePtr> test() {
    const Token& name = peek();
    if (name.kind != TokenKind::variable &&
        (name.kind != TokenKind::word || is_keyword(name))) {
      return unexpected("a variable name");
    }
    take();
    std::string resolved = name.text;
    for (const auto& [alias, target] : options_.aliases) {
      if (alias == name.text) resolved = target;
    }
    auto node = std::make_unique<Filter::Node>();
    node->column = table_.find(resolved);
    if (node->column == nullptr) {
      return error_at(name, name.text, fmt::format("unknown variable '{}'", name.text));
    }
    if (peek().is("is")) {
      take();
      node->kind = Kind::missing;
      if (peek().is("not")) node->negated = (take(), true);
      if (!peek().is("missing")) return unexpected("'missing'");
      take();
      return node;
    }
    if (peek().is("not") || peek().is("in")) {
      node->kind = Kind::in;
      if (peek().is("not")) node->negated = (take(), true);
      if (!peek().is("in")) return unexpected("'in'");
      take();
      if (peek().kind != TokenKind::open) return unexpected("'('");
      take();
      for (;;) {
        ONCOSHARE_TRY(literal(*node, take()));
        if (peek().kind == TokenKind::comma) { take(); continue; }
        if (peek().kind == TokenKind::close) { take(); return node; }
        return unexpected("',' or ')'");
      }
    }
    if (peek().kind != TokenKind::op) return unexpected("an operator, 'in' or 'is'");
    node->kind = Kind::compare;
    node->op = take().text;
    if (auto applies = detail::check_operator(*node->column, node->op); !applies) {
      return error_at(name, node->column->name, applies.error().message);
    }
    ONCOSHARE_TRY(literal(*node, take()));
    return node;
  }

  static bool is_keyword(const Token& t) {
    return t.is("and") || t.is("or") || t.is("not") || t.is("in") || t.is("is");
  }

  // Types a literal for the node's column and appends it to numbers / texts.
  core::Status literal(Filter::Node& node, const Token& value) {
    if (value.kind != TokenKind::word && value.kind != TokenKind::number &&
        value.kind != TokenKind::text) {
      --pos_;
      return unexpected("a value");
    }
    if (auto typed = detail::append_literal(node, value.text); !typed) {
      return core::fail(error_at(value, node.column->name, typed.error().message));
    }
    return {};
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  const StudyTable& table_;
  const FilterOptions& options_;
};

}  // namespace

bool Filter::Node::eval(std::size_t row) const {
  switch (kind) {
    case Kind::all: return true;
    case Kind::and_:
      for (const auto& child : children) if (!child->eval(row)) return false;
      return true;
    case Kind::or_:
      for (const auto& child : children) if (child->eval(row)) return true;
      return false;
    case Kind::not_: return !children.front()->eval(row);
    case Kind::missing: return column->is_missing(row) != negated;
    case Kind::compare:
    case Kind::in: break;
  }
  if (column->is_missing(row)) return false;
  bool hit = false;
  if (column->type == ValueType::text) {
    for (const auto& text : texts) hit = hit || column->texts[row] == text;
    if (kind == Kind::compare) return op == "=" ? hit : !hit;
    return hit != negated;
  }
  const double value = column->type == ValueType::categorical
                           ? static_cast<double>(column->levels[row])
                           : column->numbers[row];
  if (kind == Kind::compare) return compare(value, op, numbers.front());
  for (double candidate : numbers) hit = hit || value == candidate;
  return hit != negated;
}

Filter::Filter() : root_(std::make_unique<Node>()) {}
Filter::Filter(Filter&&) noexcept = default;
Filter& Filter::operator=(Filter&&) noexcept = default;
Filter::~Filter() = default;

bool Filter::keep(std::size_t row) const { return root_->eval(row); }

std::vector<bool> Filter::mask(std::size_t rows) const {
  std::vector<bool> out(rows);
  for (std::size_t row = 0; row < rows; ++row) out[row] = keep(row);
  return out;
}

core::Result<Filter> compile_filter(std::string_view text, const StudyTable& table,
                                    const FilterOptions& options) {
  auto tokens = detail::tokenize(text);
  if (!tokens) return core::fail(tokens.error());
  Filter filter;
  if (tokens->size() == 1) return filter;  // blank: keep all
  Parser parser(std::move(*tokens), table, options);
  auto root = parser.parse();
  if (!root) return core::fail(root.error());
  filter.root_ = std::move(*root);
  return filter;
}

}  // namespace oncoshare::analytics
