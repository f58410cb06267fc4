// Walks a syntax tree over one record. Internal to the logic component.
#pragma once

#include <vector>

#include "dictionary/logic/ast.hpp"

namespace oncoshare::dictionary::logic {

// One evaluation: holds references only, so it must not outlive its arguments. Recursion
// depth equals the tree height, which the parser bounds.
class Evaluator {
 public:
  Evaluator(const std::vector<FieldRef>& fields, const Resolver& resolve, const EvaluationOptions& options)
      : fields_(fields), resolve_(resolve), options_(options) {}

  // The value of `node`, or the first error met (unknown field, text where a number is
  // needed, bad function argument), with its column.
  [[nodiscard]] core::Result<Value> run(const Node& node) const;

 private:
  [[nodiscard]] core::Result<Value> field(const Node& node) const;
  [[nodiscard]] core::Result<Value> unary(const Node& node) const;
  [[nodiscard]] core::Result<Value> binary(const Node& node) const;
  [[nodiscard]] core::Result<Value> logical(const Node& node) const;
  [[nodiscard]] core::Result<Value> call(const Node& node) const;

  const std::vector<FieldRef>& fields_;
  const Resolver& resolve_;
  const EvaluationOptions& options_;
};

// REDCap comparison: numeric when both sides are numbers, text otherwise; blank equals
// only blank, and an ordering (<, <=, >, >=) with a blank side is false.
[[nodiscard]] bool compare(Operator op, const Value& left, const Value& right);

// Arithmetic on two numbers; a non-finite result (division by zero, overflow) is blank,
// as REDCap shows nothing for it.
[[nodiscard]] Value arithmetic(Operator op, double left, double right);

}  // namespace oncoshare::dictionary::logic
