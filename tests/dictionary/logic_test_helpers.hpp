// Shared by the logic_*_test.cpp files: evaluate logic text against a small map of values.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "dictionary/logic.hpp"

namespace oncoshare::dictionary::logic::testing {

// Field values keyed as REDCap writes the reference: "[age]", "[race(2)]", "[ev][age]".
using Values = std::map<std::string, std::string>;

inline Resolver map_resolver(const Values& values) {
  return [&values](const FieldRef& field) -> std::optional<std::string> {
    auto hit = values.find(to_string(field));
    if (hit == values.end()) return std::nullopt;
    return hit->second;
  };
}

// The formatted value, or "error: <message with column>" so a test can compare either.
inline std::string eval(std::string_view text, const Values& values = {}, std::string today = "2024-03-01") {
  auto parsed = parse(text);
  if (!parsed) return "syntax error: " + parsed.error().to_string();
  EvaluationOptions options;
  options.today = std::move(today);
  auto value = parsed->evaluate(map_resolver(values), options);
  if (!value) return "error: " + value.error().to_string();
  return format_value(*value);
}

// The syntax error for `text` as "column N: message", or "parsed" if there is none.
inline std::string syntax_error(std::string_view text) {
  auto parsed = parse(text);
  if (parsed) return "parsed";
  return parsed.error().to_string();
}

}  // namespace oncoshare::dictionary::logic::testing
