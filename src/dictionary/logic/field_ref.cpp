#include "dictionary/logic/field_ref.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <fmt/format.h>

#include "dictionary/logic/smart_variables.hpp"

namespace oncoshare::dictionary::logic {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_code_char(char c) { return is_name_char(c) || c == '-' || c == '.'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

core::Error field_error(std::uint32_t column, std::string message) {
  return core::bad_input(std::move(message), core::Location{.column = column});
}

std::string shown(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x7F ? fmt::format("'{}'", c) : fmt::format("byte 0x{:02X}", byte);
}

// Columns inside a bracket assume one character per byte, which holds up to the first
// fault: every accepted character is ASCII.
std::uint32_t column_of(const Bracket& b, std::size_t i) { return b.column + 1 + static_cast<std::uint32_t>(i); }

// A smart variable is spelled with '-' (field names cannot hold one): [record-name].
bool looks_smart(std::string_view inside) {
  if (inside.empty() || inside.find('-') == std::string_view::npos) return false;
  for (char c : inside) {
    if (!is_name_char(c) && c != '-') return false;
  }
  return true;
}

core::Result<SmartVariable> smart_variable(const Bracket& b) {
  auto smart = find_smart_variable(b.inside);
  if (!smart) return field_error(b.column, fmt::format("unknown smart variable [{}]", b.inside));
  return *smart;
}

// An instance bracket: a whole number or an instance smart variable; nullopt otherwise.
std::optional<InstanceRef> instance_of(const Bracket& b) {
  InstanceRef instance;
  if (!b.inside.empty() && std::all_of(b.inside.begin(), b.inside.end(), is_digit)) {
    const auto* end = b.inside.data() + b.inside.size();
    auto [stop, fault] = std::from_chars(b.inside.data(), end, instance.number);
    if (fault != std::errc{} || stop != end || instance.number == 0) return std::nullopt;
    return instance;
  }
  const auto smart = find_smart_variable(b.inside);
  if (!smart || !is_instance(*smart)) return std::nullopt;
  instance.relative = *smart;
  return instance;
}

core::Result<Modifier> modifier_of(std::string_view word, std::uint32_t column) {
  if (word == "value") return Modifier::value;
  if (word == "label") return Modifier::label;
  if (word == "checked") return Modifier::checked;
  if (word == "unchecked") return Modifier::unchecked;
  return field_error(column, fmt::format("unsupported field modifier ':{}' (supported: :value, :label, "
                                         ":checked, :unchecked)", word));
}

// [var], [var(code)], with any number of ':modifier' after them.
core::Result<FieldRef> parse_variable(const Bracket& b) {
  FieldRef ref;
  ref.column = b.column;
  const std::string_view inside = b.inside;
  std::size_t i = 0;
  while (i < inside.size() && is_name_char(inside[i])) ++i;
  if (i == 0) {
    return field_error(column_of(b, 0), inside.empty() ? "expected a field name inside '[]'"
                                                       : fmt::format("expected a field name after '[', found {}",
                                                                     shown(inside[0])));
  }
  ref.variable = std::string(inside.substr(0, i));
  if (i < inside.size() && inside[i] == '(') {
    const std::size_t open = i++;
    const std::size_t start = i;
    while (i < inside.size() && is_code_char(inside[i])) ++i;
    if (i == start) {
      return field_error(column_of(b, i), fmt::format("expected a checkbox choice code after '{}('", ref.variable));
    }
    if (i >= inside.size() || inside[i] != ')') {
      return field_error(column_of(b, i), fmt::format("expected ')' to close '(' opened at column {}",
                                                      column_of(b, open)));
    }
    ref.choice_code = std::string(inside.substr(start, i - start));
    ++i;
  }
  while (i < inside.size() && inside[i] == ':') {
    const std::size_t start = ++i;
    while (i < inside.size() && is_name_char(inside[i])) ++i;
    auto modifier = modifier_of(inside.substr(start, i - start), column_of(b, start));
    if (!modifier) return core::fail(modifier.error());
    ref.modifiers.push_back(*modifier);
  }
  if (i < inside.size()) {
    return field_error(column_of(b, i), fmt::format("expected ']' after field name '{}', found {}", ref.variable,
                                                    shown(inside[i])));
  }
  return ref;
}

core::Result<std::string> event_name(const Bracket& b) {
  if (looks_smart(b.inside)) {
    return field_error(b.column, fmt::format("expected an event name, not the smart variable [{}]", b.inside));
  }
  auto ref = parse_variable(b);
  if (!ref) return core::fail(ref.error());
  if (!ref->choice_code.empty() || !ref->modifiers.empty()) {
    return field_error(b.column, fmt::format("expected an event name in [{}], not a checkbox choice or modifier",
                                             b.inside));
  }
  return std::move(ref->variable);
}

}  // namespace

core::Result<FieldRef> parse_reference(std::span<const Bracket> brackets) {
  if (brackets.size() > 3) {
    return field_error(brackets[3].column, "expected at most three bracketed parts: [event][field][instance]");
  }
  if (brackets.size() == 1 && looks_smart(brackets[0].inside)) {
    auto smart = smart_variable(brackets[0]);
    if (!smart) return core::fail(smart.error());
    FieldRef ref;
    ref.smart = *smart;
    ref.smart_name = std::string(brackets[0].inside);
    ref.column = brackets[0].column;
    return ref;
  }
  // [var][instance] and [event][var][instance]: the last part names an instance.
  std::optional<InstanceRef> instance;
  std::span<const Bracket> named = brackets;
  if (brackets.size() > 1) instance = instance_of(brackets.back());
  const std::string_view last = brackets.back().inside;
  if (!instance && brackets.size() > 1 && !last.empty() && std::all_of(last.begin(), last.end(), is_digit)) {
    return field_error(brackets.back().column, fmt::format("instance number {} is out of range (1 to {})", last,
                                                           std::numeric_limits<std::uint32_t>::max()));
  }
  if (instance) {
    named = brackets.first(brackets.size() - 1);
  } else if (brackets.size() == 3) {
    return field_error(brackets[2].column, fmt::format("expected an instance number or [first-instance], "
                                                       "[last-instance], [current-instance], [previous-instance], "
                                                       "[next-instance]; found [{}]", brackets[2].inside));
  }
  if (looks_smart(named.back().inside)) {
    auto smart = smart_variable(named.back());
    if (!smart) return core::fail(smart.error());
    return field_error(named.back().column, fmt::format("expected a field name, not the smart variable [{}]",
                                                        named.back().inside));
  }
  auto ref = parse_variable(named.back());
  if (!ref) return core::fail(ref.error());
  if (named.size() == 2) {
    auto event = event_name(named[0]);
    if (!event) return core::fail(event.error());
    ref->event = std::move(*event);
  }
  ref->column = brackets[0].column;
  if (instance) ref->instance = *instance;
  return ref;
}

std::string to_string(const FieldRef& field) {
  if (field.smart != SmartVariable::none) return "[" + field.smart_name + "]";
  std::string out;
  if (!field.event.empty()) out += fmt::format("[{}]", field.event);
  out += "[" + field.variable;
  if (!field.choice_code.empty()) out += fmt::format("({})", field.choice_code);
  for (Modifier m : field.modifiers) {
    constexpr std::string_view names[] = {":value", ":label", ":checked", ":unchecked"};
    out += names[static_cast<std::size_t>(m)];
  }
  out += "]";
  if (field.instance.number > 0) out += fmt::format("[{}]", field.instance.number);
  if (field.instance.relative != SmartVariable::none) {
    out += fmt::format("[{}]", smart_variable_name(field.instance.relative));
  }
  return out;
}

}  // namespace oncoshare::dictionary::logic
