#include "dictionary/logic/value.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <string>

namespace oncoshare::dictionary::logic {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// True if `text` is exactly [sign] (digits [. digits*] | . digits) [exponent].
bool looks_numeric(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < text.size() && is_digit(text[i])) ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && is_digit(text[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    std::size_t exponent_digits = 0;
    while (i < text.size() && is_digit(text[i])) ++i, ++exponent_digits;
    if (exponent_digits == 0) return false;
  }
  return i == text.size();
}

}  // namespace

bool Value::is_blank() const { return std::holds_alternative<std::monostate>(data); }

std::string format_value(const Value& value) {
  if (const auto* number = std::get_if<double>(&value.data)) {
    if (*number == 0) return "0";  // never "-0"
    return fmt::format("{}", *number);
  }
  if (const auto* text = std::get_if<std::string>(&value.data)) return *text;
  return {};
}

std::optional<double> parse_number(std::string_view text) {
  text = trim_spaces(text);
  if (!looks_numeric(text)) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(number)) {
    return std::nullopt;
  }
  return number;
}

std::optional<double> as_number(const Value& value) {
  if (const auto* number = std::get_if<double>(&value.data)) return *number;
  if (const auto* text = std::get_if<std::string>(&value.data)) return parse_number(*text);
  return std::nullopt;
}

Value truth_value(bool truth) { return Value::number(truth ? 1 : 0); }

core::Error evaluation_error(std::uint32_t column, std::string message) {
  return core::bad_input(std::move(message), core::Location{.column = column});
}

core::Result<std::optional<double>> numeric_operand(const Value& value, std::string_view what,
                                                    std::uint32_t column) {
  if (value.is_blank()) return std::optional<double>();
  if (auto number = as_number(value)) return number;
  return evaluation_error(column, fmt::format("{} needs a number, got '{}'", what,
                                              format_value(value)));
}

core::Result<bool> truth_of(const Value& value, std::uint32_t column) {
  if (value.is_blank()) return false;
  if (auto number = as_number(value)) return *number != 0;
  const std::string& text = std::get<std::string>(value.data);
  if (text == "true" || text == "TRUE") return true;
  if (text == "false" || text == "FALSE") return false;
  return evaluation_error(column, fmt::format("expected true/false or a number, got '{}'", text));
}

}  // namespace oncoshare::dictionary::logic
