// The function table and the logical functions: if(), isblankormissingcode(),
// isnumber(), isinteger().
#include "dictionary/logic/functions.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "dictionary/logic/value.hpp"

namespace oncoshare::dictionary::logic {
namespace {

core::Result<Value> is_blank_or_missing_code(std::span<const Value> args, const CallContext& context) {
  if (args[0].is_blank()) return truth_value(true);
  const std::string text = format_value(args[0]);
  const auto& codes = context.options.missing_codes;
  return truth_value(std::find(codes.begin(), codes.end(), text) != codes.end());
}

core::Result<Value> is_number(std::span<const Value> args, const CallContext&) {
  return truth_value(as_number(args[0]).has_value());
}

core::Result<Value> is_integer(std::span<const Value> args, const CallContext&) {
  // REDCap's isinteger() is about the written form: "5" yes, "5.0" and "1e3" no.
  const std::string text = format_value(args[0]);
  std::size_t i = text.size() > 1 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  if (i == text.size()) return truth_value(false);
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return truth_value(false);
  }
  return truth_value(true);
}

constexpr FunctionSpec logical_table[] = {
    {"if", 3, 3, nullptr},
    {"isblankormissingcode", 1, 1, is_blank_or_missing_code},
    {"isnumber", 1, 1, is_number},
    {"isinteger", 1, 1, is_integer},
};

}  // namespace

const FunctionSpec* find_function(std::string_view lower_name) {
  for (auto table : {std::span<const FunctionSpec>(logical_table), math_functions(), text_functions(),
                     date_functions()}) {
    for (const auto& spec : table) {
      if (spec.name == lower_name) return &spec;
    }
  }
  return nullptr;
}

core::Error function_error(std::string_view function, const CallContext& context, std::string_view message) {
  return evaluation_error(context.column, fmt::format("{}(): {}", function, message));
}

core::Result<std::optional<double>> number_argument(const Value& arg, std::string_view function,
                                                    const CallContext& context) {
  return numeric_operand(arg, fmt::format("{}()", function), context.column);
}

core::Result<long> count_argument(const Value& arg, std::string_view function, const CallContext& context,
                                  long fallback) {
  auto number = number_argument(arg, function, context);
  if (!number) return core::fail(number.error());
  if (!*number) return fallback;
  const double value = **number;
  if (value != std::floor(value) || std::fabs(value) > 1e9) {
    return function_error(function, context, fmt::format("expected a whole number, got {}", format_value(arg)));
  }
  return static_cast<long>(value);
}

}  // namespace oncoshare::dictionary::logic
