#include "dictionary/logic/evaluator.hpp"

#include <cmath>
#include <fmt/format.h>

#include "dictionary/logic/functions.hpp"
#include "dictionary/logic/value.hpp"

namespace oncoshare::dictionary::logic {

const char* spelling(Operator op) {
  switch (op) {
    case Operator::negate: return "-";
    case Operator::logical_not: return "not";
    case Operator::add: return "+";
    case Operator::subtract: return "-";
    case Operator::multiply: return "*";
    case Operator::divide: return "/";
    case Operator::power: return "^";
    case Operator::equal: return "=";
    case Operator::not_equal: return "<>";
    case Operator::less: return "<";
    case Operator::less_equal: return "<=";
    case Operator::greater: return ">";
    case Operator::greater_equal: return ">=";
    case Operator::logical_and: return "and";
    case Operator::logical_or: return "or";
  }
  return "?";
}

bool compare(Operator op, const Value& left, const Value& right) {
  if (left.is_blank() || right.is_blank()) {
    const bool both = left.is_blank() && right.is_blank();
    if (op == Operator::equal) return both;
    if (op == Operator::not_equal) return !both;
    return false;
  }
  int order = 0;
  auto a = as_number(left);
  auto b = as_number(right);
  if (a && b) {
    order = *a < *b ? -1 : (*a > *b ? 1 : 0);
  } else {
    order = format_value(left).compare(format_value(right));
    order = order < 0 ? -1 : (order > 0 ? 1 : 0);
  }
  switch (op) {
    case Operator::equal: return order == 0;
    case Operator::not_equal: return order != 0;
    case Operator::less: return order < 0;
    case Operator::less_equal: return order <= 0;
    case Operator::greater: return order > 0;
    case Operator::greater_equal: return order >= 0;
    default: return false;
  }
}

Value arithmetic(Operator op, double left, double right) {
  double result = 0;
  switch (op) {
    case Operator::add: result = left + right; break;
    case Operator::subtract: result = left - right; break;
    case Operator::multiply: result = left * right; break;
    case Operator::divide: result = left / right; break;
    case Operator::power: result = std::pow(left, right); break;
    default: return Value::blank();
  }
  return std::isfinite(result) ? Value::number(result) : Value::blank();
}

core::Result<Value> Evaluator::run(const Node& node) const {
  switch (node.kind) {
    case NodeKind::literal: return node.literal;
    case NodeKind::field: return field(node);
    case NodeKind::unary: return unary(node);
    case NodeKind::binary:
      if (node.op == Operator::logical_and || node.op == Operator::logical_or) return logical(node);
      return binary(node);
    case NodeKind::call: return call(node);
  }
  return Value::blank();
}

core::Result<Value> Evaluator::field(const Node& node) const {
  const FieldRef& ref = fields_[node.field];
  if (ref.smart == SmartVariable::session) {
    return core::bad_input(not_checkable_message(ref), core::Location{.column = node.column});
  }
  std::optional<std::string> raw;
  if (resolve_) raw = resolve_(ref);
  if (!raw) {
    return core::bad_input(fmt::format("unknown field {}", to_string(ref)),
                           core::Location{.column = node.column, .field = ref.variable});
  }
  if (raw->empty()) return Value::blank();
  return Value::text(std::move(*raw));
}

core::Result<Value> Evaluator::unary(const Node& node) const {
  auto operand = run(*node.children[0]);
  if (!operand) return operand;
  if (node.op == Operator::logical_not) {
    auto truth = truth_of(*operand, node.children[0]->column);
    if (!truth) return core::fail(truth.error());
    return truth_value(!*truth);
  }
  auto number = numeric_operand(*operand, "unary '-'", node.column);
  if (!number) return core::fail(number.error());
  if (!*number) return Value::blank();
  return Value::number(-**number);
}

core::Result<Value> Evaluator::binary(const Node& node) const {
  auto left = run(*node.children[0]);
  if (!left) return left;
  auto right = run(*node.children[1]);
  if (!right) return right;
  if (node.op >= Operator::equal && node.op <= Operator::greater_equal) {
    return truth_value(compare(node.op, *left, *right));
  }
  const std::string what = fmt::format("'{}'", spelling(node.op));
  auto a = numeric_operand(*left, what, node.children[0]->column);
  if (!a) return core::fail(a.error());
  auto b = numeric_operand(*right, what, node.children[1]->column);
  if (!b) return core::fail(b.error());
  if (!*a || !*b) return Value::blank();  // REDCap: a calc with a blank input is blank
  return arithmetic(node.op, **a, **b);
}

core::Result<Value> Evaluator::logical(const Node& node) const {
  for (const auto& child : node.children) {
    auto value = run(*child);
    if (!value) return value;
    auto truth = truth_of(*value, child->column);
    if (!truth) return core::fail(truth.error());
    // Short-circuit like REDCap: the right side is not evaluated once the answer is known.
    if (*truth == (node.op == Operator::logical_or)) return truth_value(*truth);
  }
  return truth_value(node.op == Operator::logical_and);
}

core::Result<Value> Evaluator::call(const Node& node) const {
  if (node.function->body == nullptr) {  // if(condition, then, else): only one branch runs
    auto condition = run(*node.children[0]);
    if (!condition) return condition;
    auto truth = truth_of(*condition, node.children[0]->column);
    if (!truth) return core::fail(truth.error());
    return run(*node.children[*truth ? 1 : 2]);
  }
  std::vector<Value> args;
  args.reserve(node.children.size());
  for (const auto& child : node.children) {
    auto value = run(*child);
    if (!value) return value;
    args.push_back(std::move(*value));
  }
  auto result = node.function->body(args, CallContext{options_, node.column});
  if (result) {
    if (const auto* number = std::get_if<double>(&result->data); number && !std::isfinite(*number)) {
      return Value::blank();
    }
  }
  return result;
}

}  // namespace oncoshare::dictionary::logic
