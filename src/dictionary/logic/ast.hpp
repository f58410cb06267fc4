// The syntax tree of a parsed logic expression. Internal to the logic component.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dictionary/logic.hpp"

namespace oncoshare::dictionary::logic {

struct FunctionSpec;

enum class NodeKind : std::uint8_t { literal, field, unary, binary, call };

enum class Operator : std::uint8_t {
  negate, logical_not,                            // unary
  add, subtract, multiply, divide, power,         // arithmetic
  equal, not_equal, less, less_equal, greater, greater_equal,
  logical_and, logical_or,
};

// The operator as written in messages ("'*' needs a number").
[[nodiscard]] const char* spelling(Operator op);

struct Expression::Node {
  NodeKind kind = NodeKind::literal;
  std::uint32_t column = 0;             // where the node's operator / value / name starts
  std::uint32_t height = 1;             // 1 for a leaf; bounded by the parser
  Value literal;                        // literal
  std::size_t field = 0;                // field: index into Expression::fields()
  Operator op = Operator::add;          // unary, binary
  const FunctionSpec* function = nullptr;  // call
  std::vector<std::unique_ptr<Node>> children;
};

using Node = Expression::Node;

}  // namespace oncoshare::dictionary::logic
