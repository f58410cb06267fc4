#include "dictionary/logic/field_ref.hpp"

#include <fmt/format.h>

namespace oncoshare::dictionary::logic {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_code_char(char c) { return is_name_char(c) || c == '-' || c == '.'; }

core::Error field_error(std::uint32_t column, std::string message) {
  return core::bad_input(std::move(message), core::Location{.column = column});
}

std::string shown(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x7F ? fmt::format("'{}'", c) : fmt::format("byte 0x{:02X}", byte);
}

}  // namespace

core::Result<FieldRef> parse_field_ref(std::string_view inside, std::uint32_t column) {
  FieldRef ref;
  ref.column = column;
  // Columns below assume one character per byte, which holds up to the first fault:
  // every accepted character is ASCII.
  auto at = [column](std::size_t i) { return column + 1 + static_cast<std::uint32_t>(i); };
  std::size_t i = 0;
  while (i < inside.size() && is_name_char(inside[i])) ++i;
  if (i == 0) {
    return field_error(at(0), inside.empty() ? "expected a field name inside '[]'"
                                             : fmt::format("expected a field name after '[', found {}",
                                                           shown(inside[0])));
  }
  ref.variable = std::string(inside.substr(0, i));
  if (i < inside.size() && inside[i] == '(') {
    const std::size_t open = i++;
    const std::size_t start = i;
    while (i < inside.size() && is_code_char(inside[i])) ++i;
    if (i == start) return field_error(at(i), fmt::format("expected a checkbox choice code after '{}('", ref.variable));
    if (i >= inside.size() || inside[i] != ')') {
      return field_error(at(i), fmt::format("expected ')' to close '(' opened at column {}", at(open)));
    }
    ref.choice_code = std::string(inside.substr(start, i - start));
    ++i;
  }
  if (i < inside.size()) {
    if (inside[i] == ':') {
      return field_error(at(i), fmt::format("unsupported field modifier '{}' in [{}]", inside.substr(i), inside));
    }
    return field_error(at(i), fmt::format("expected ']' after field name '{}', found {}", ref.variable,
                                          shown(inside[i])));
  }
  return ref;
}

std::string to_string(const FieldRef& field) {
  std::string out;
  if (!field.event.empty()) out += fmt::format("[{}]", field.event);
  out += "[" + field.variable;
  if (!field.choice_code.empty()) out += fmt::format("({})", field.choice_code);
  return out + "]";
}

}  // namespace oncoshare::dictionary::logic
