// Expression: ownership of the tree, and the entry points that run the evaluator.
#include "dictionary/logic/ast.hpp"
#include "dictionary/logic/evaluator.hpp"
#include "dictionary/logic/value.hpp"

namespace oncoshare::dictionary::logic {

Expression::Expression() = default;
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

Expression::Expression(std::string text, std::unique_ptr<Node> root, std::vector<FieldRef> fields)
    : text_(std::move(text)), root_(std::move(root)), fields_(std::move(fields)) {}

const std::vector<FieldRef>& Expression::fields() const { return fields_; }
const std::string& Expression::text() const { return text_; }

const FieldRef* Expression::needs_session() const {
  for (const FieldRef& ref : fields_) {
    if (ref.smart == SmartVariable::session) return &ref;
  }
  return nullptr;
}
const Expression::Node* Expression::root() const { return root_.get(); }

core::Result<Value> Expression::evaluate(const Resolver& resolve, const EvaluationOptions& options) const {
  if (!root_) return Value::blank();
  return Evaluator(fields_, resolve, options).run(*root_);
}

core::Result<bool> Expression::test(const Resolver& resolve, const EvaluationOptions& options) const {
  if (!root_) return true;
  auto value = evaluate(resolve, options);
  if (!value) return core::fail(value.error());
  return truth_of(*value, root_->column);
}

}  // namespace oncoshare::dictionary::logic
