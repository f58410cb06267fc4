// compile_terms: the structured way into the filter tree (filter.hpp).
#include <fmt/format.h>

#include <array>
#include <algorithm>

#include "analytics/detail/filter_literal.hpp"
#include "analytics/detail/filter_node.hpp"
#include "analytics/filter.hpp"

namespace oncoshare::analytics {

namespace {

constexpr std::size_t kMaxShownName = 64;  // a hostile id is named, not echoed whole
constexpr std::array<std::string_view, 6> kOperators = {"=", "!=", "<", "<=", ">", ">="};

std::string shown(std::string_view name) {
  if (name.size() <= kMaxShownName) return std::string(name);
  return fmt::format("{}...", name.substr(0, kMaxShownName));
}

core::Error term_error(std::size_t index, std::string message) {
  return core::bad_input(std::move(message), core::Location{{}, 0, 0, fmt::format("filters[{}]", index)});
}

core::Result<std::unique_ptr<Filter::Node>> compile_term(std::size_t index, const FilterTerm& term,
                                                         const StudyTable& table, const FilterOptions& options) {
  std::string resolved = term.variable;
  for (const auto& [alias, target] : options.aliases) {
    if (alias == term.variable) resolved = target;
  }
  auto node = std::make_unique<Filter::Node>();
  node->kind = Filter::Node::Kind::compare;
  node->column = table.find(resolved);
  if (node->column == nullptr) return term_error(index, fmt::format("unknown variable '{}'", shown(term.variable)));
  if (std::find(kOperators.begin(), kOperators.end(), term.op) == kOperators.end()) {
    return term_error(index, fmt::format("operator '{}' is not one of = != < <= > >=", shown(term.op)));
  }
  node->op = term.op;
  if (auto applies = detail::check_operator(*node->column, node->op); !applies) {
    return term_error(index, applies.error().message);
  }
  if (auto typed = detail::append_literal(*node, term.literal); !typed) return term_error(index, typed.error().message);
  return node;
}

}  // namespace

core::Result<Filter> compile_terms(std::span<const FilterTerm> terms, const StudyTable& table,
                                   const FilterOptions& options) {
  Filter filter;
  if (terms.empty()) return filter;
  auto root = std::make_unique<Filter::Node>();
  root->kind = Filter::Node::Kind::and_;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    auto node = compile_term(i, terms[i], table, options);
    if (!node) return core::fail(node.error());
    root->children.push_back(std::move(*node));
  }
  filter.root_ = std::move(root);
  return filter;
}

}  // namespace oncoshare::analytics
