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
#include "dictionary/variable.hpp"

namespace oncoshare::dictionary::logic {

// REDCap smart variables the logic understands. The export determines the record, event,
// arm, data access group and repeat instance; `session` ones ([user-name], [project-id] ...)
// exist only inside a live REDCap session, so logic using them is not checkable here.
enum class SmartVariable : std::uint8_t {
  none,
  record_name, record_dag_name, event_name, arm_number,
  first_instance, last_instance, current_instance, previous_instance, next_instance,
  session,
};

// True for [first-instance] ... [next-instance].
[[nodiscard]] bool is_instance(SmartVariable smart);

// Which instance of a repeating form or event a reference reads: the current row's
// (nothing written), a number ([var][2]) or a relative one ([var][previous-instance]).
struct InstanceRef {
  std::uint32_t number = 0;                     // > 0 when written as a number
  SmartVariable relative = SmartVariable::none;  // an instance smart variable, or none
  [[nodiscard]] bool written() const { return number > 0 || relative != SmartVariable::none; }
};

// A piping modifier: [var:label], [checkbox:checked:value] ...
enum class Modifier : std::uint8_t { value, label, checked, unchecked };

// A reference as written in logic: [event][var(code):modifier][instance], or a smart
// variable on its own ([record-name]).
struct FieldRef {
  std::string event;        // empty unless written as [event][var]
  std::string variable;     // empty for a smart variable on its own
  std::string choice_code;  // checkbox choice in var(code); empty otherwise
  InstanceRef instance;
  std::vector<Modifier> modifiers;  // in written order
  SmartVariable smart = SmartVariable::none;  // a smart variable on its own
  std::string smart_name;   // its spelling without brackets ("user-name"); empty otherwise
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

// The reference as REDCap writes it: [event][var(code):modifier][instance], [record-name].
[[nodiscard]] std::string to_string(const FieldRef& field);

// What REDCap pipes for a reference with modifiers to variable `v`: the code (:value),
// the choice label (:label), or for a checkbox the checked / unchecked choices' labels
// (codes with :value) joined by ", ". `raw` is the cell of a non-checkbox field;
// `is_checked(code)` says whether a checkbox choice is ticked. Without modifiers: `raw`.
[[nodiscard]] std::string piped_text(const Variable& v, const FieldRef& ref, std::string_view raw,
                                     const std::function<bool(std::string_view code)>& is_checked);

// Nesting limit (parentheses, function calls, unary operators, the right-associative '^');
// deeper logic is a syntax error naming the column and this limit, so hostile input cannot
// exhaust the stack. The syntax tree's height is limited to four times this, which bounds
// the evaluator's recursion too (a long flat chain such as 1+1+...+1 counts as height).
inline constexpr std::size_t max_nesting = 256;

// Supplies values while evaluating: the raw text of the cell (empty if blank) for a field,
// the piped text for one with modifiers, the value of an export-determined smart variable;
// nullopt if the field is unknown in this context.
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

  // Every field and smart variable the expression reads, in order of appearance.
  [[nodiscard]] const std::vector<FieldRef>& fields() const;
  // The first smart variable only a live REDCap session knows ([user-name], [project-id]),
  // or nullptr. Logic with one is not checkable against an export: evaluate() fails
  // with not_checkable_message() naming it.
  [[nodiscard]] const FieldRef* needs_session() const;
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

// The message of the evaluation error for logic that needs session smart variable `ref`.
[[nodiscard]] std::string not_checkable_message(const FieldRef& ref);

// Parses REDCap logic. A syntax error carries the 1-based column of the fault in
// Error::where.column and says what was expected.
[[nodiscard]] core::Result<Expression> parse(std::string_view text);

}  // namespace oncoshare::dictionary::logic
