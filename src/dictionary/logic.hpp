// REDCap branching logic and calculated-field expressions: a parser to a syntax tree and
// an evaluator over a record. Text is never evaluated as code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace oncoshare::dictionary::logic {

// A reference to a field as written in logic: [event][var(code)] / [var:checked] etc.
struct FieldRef {
  std::string event;        // empty unless written as [event][var]
  std::string variable;
  std::string choice_code;  // checkbox choice in var(code); empty otherwise
  std::uint32_t column = 0; // 1-based column of the opening '[' in the logic text
};

// A value during evaluation. Blank ('' or an empty cell) is its own state, as in REDCap.
struct Value {
  std::variant<std::monostate, double, std::string> data;  // monostate = blank
  static Value blank() { return {}; }
  static Value number(double d) { return Value{d}; }
  static Value text(std::string s) { return Value{std::move(s)}; }
  [[nodiscard]] bool is_blank() const;
};

// How a value prints: blank as "", numbers in shortest round-trip form without a
// trailing ".0" (7, 31.3, 0.34), text as is.
[[nodiscard]] std::string format_value(const Value& value);

// The field as REDCap writes it: [event][var(code)].
[[nodiscard]] std::string to_string(const FieldRef& field);

// Nesting limit (parentheses, function calls, unary operators, the right-associative '^');
// deeper logic is a syntax error naming the column and this limit, so hostile input cannot
// exhaust the stack. The syntax tree's height is limited to four times this, which bounds
// the evaluator's recursion too (a long flat chain such as 1+1+...+1 counts as height).
inline constexpr std::size_t max_nesting = 256;

// Supplies field values while evaluating. Returns the raw text of the cell (empty if
// blank), or nullopt if the field is unknown in this context.
using Resolver = std::function<std::optional<std::string>(const FieldRef&)>;

struct EvaluationOptions {
  // "today"/"now" in datediff: ISO date (YYYY-MM-DD) so results are reproducible.
  std::string today;
  // The project's missing-data codes (e.g. "UNK", "NA"), for isblankormissingcode().
  std::vector<std::string> missing_codes;
};

class Expression {
 public:
  Expression();
  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  ~Expression();

  // Every field the expression reads, in order of appearance.
  [[nodiscard]] const std::vector<FieldRef>& fields() const;
  // The source text.
  [[nodiscard]] const std::string& text() const;

  // Evaluates against `resolve`. Errors (unknown field, bad function argument) name the
  // column in the logic text.
  [[nodiscard]] core::Result<Value> evaluate(const Resolver& resolve,
                                             const EvaluationOptions& options = {}) const;
  // Branching logic: true/false; an empty expression is always true.
  [[nodiscard]] core::Result<bool> test(const Resolver& resolve,
                                        const EvaluationOptions& options = {}) const;

  struct Node;  // syntax tree, defined in logic/ast.hpp
  explicit Expression(std::string text, std::unique_ptr<Node> root, std::vector<FieldRef> fields);
  [[nodiscard]] const Node* root() const;

 private:
  std::string text_;
  std::unique_ptr<Node> root_;
  std::vector<FieldRef> fields_;
};

// Parses REDCap logic. A syntax error carries the 1-based column of the fault in
// Error::where.column and says what was expected.
[[nodiscard]] core::Result<Expression> parse(std::string_view text);

}  // namespace oncoshare::dictionary::logic
