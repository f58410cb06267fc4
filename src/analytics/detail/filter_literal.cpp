#include "analytics/detail/filter_literal.hpp"

#include <fmt/format.h>

#include <string>

#include "analytics/detail/cell_parser.hpp"
#include "analytics/detail/filter_lexer.hpp"
#include "core/ascii_case.hpp"
#include "core/civil_date.hpp"

namespace oncoshare::analytics::detail {

namespace {

// A choice code, a label (case-insensitive) or a label's last word that no other choice
// shares ("III" for "Stage III"); -1 when none fits.
std::int32_t level_of(const StudyColumn& column, std::string_view text) {
  if (std::int32_t level = column.level_of(text); level >= 0) return level;
  const std::string wanted = core::ascii_lower(text);
  std::int32_t by_word = -1;
  int word_matches = 0;
  for (std::size_t i = 0; i < column.choices.size(); ++i) {
    const std::string label = core::ascii_lower(column.choices[i].label);
    if (label == wanted) return static_cast<std::int32_t>(i);
    const std::size_t space = label.find_last_of(' ');
    if (space != std::string::npos && label.substr(space + 1) == wanted) {
      by_word = static_cast<std::int32_t>(i);
      ++word_matches;
    }
  }
  return word_matches == 1 ? by_word : -1;
}

}  // namespace

core::Status append_literal(Filter::Node& node, std::string_view literal) {
  const StudyColumn& column = *node.column;
  auto bad = [&](std::string what) {
    return core::fail(core::bad_input(fmt::format("'{}' is not {}", literal, what)));
  };
  switch (column.type) {
    case ValueType::categorical: {
      const std::int32_t level = level_of(column, literal);
      if (level < 0) return bad(fmt::format("a choice code or label of '{}'", column.name));
      node.numbers.push_back(level);
      return {};
    }
    case ValueType::numeric: {
      auto number = parse_number(literal);
      if (!number) return bad(fmt::format("a number ('{}' is numeric)", column.name));
      node.numbers.push_back(*number);
      return {};
    }
    case ValueType::date: {
      auto days = core::parse_iso_date(literal);
      if (!days) return bad(fmt::format("a YYYY-MM-DD date ('{}' is a date)", column.name));
      node.numbers.push_back(static_cast<double>(*days));
      return {};
    }
    case ValueType::text: node.texts.emplace_back(literal); return {};
  }
  return {};
}

core::Status check_operator(const StudyColumn& column, std::string_view op) {
  if (column.type != ValueType::text || op == "=" || op == "!=") return {};
  return core::fail(core::bad_input(fmt::format("'{}' is text: only = and != apply", column.name)));
}

}  // namespace oncoshare::analytics::detail
