// The table of REDCap functions callable from logic. Internal to the logic component.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>

#include "dictionary/logic.hpp"

namespace oncoshare::dictionary::logic {

// What a function sees besides its arguments: the options and where the call is written.
struct CallContext {
  const EvaluationOptions& options;
  std::uint32_t column;  // column of the function name
};

using FunctionBody = core::Result<Value> (*)(std::span<const Value> args, const CallContext& context);

inline constexpr std::size_t any_count = std::numeric_limits<std::size_t>::max();

struct FunctionSpec {
  std::string_view name;  // lower case, as matched (case-insensitively) in logic text
  std::size_t min_args;
  std::size_t max_args;   // any_count for sum(), concat() ...
  FunctionBody body;      // nullptr for if(), which the evaluator runs lazily
};

// The function called `lower_name`, or nullptr if REDCap logic has no such function here.
[[nodiscard]] const FunctionSpec* find_function(std::string_view lower_name);

// Groups of the table, one file each; find_function searches them all.
[[nodiscard]] std::span<const FunctionSpec> math_functions();
[[nodiscard]] std::span<const FunctionSpec> text_functions();
[[nodiscard]] std::span<const FunctionSpec> date_functions();

// Helpers for function bodies. `function` is the name used in messages ("round").
// The argument as a number: nullopt if blank, an error if it is not a number.
[[nodiscard]] core::Result<std::optional<double>> number_argument(const Value& arg, std::string_view function,
                                                                  const CallContext& context);
// The argument as a whole number (counts, decimal places); blank counts as `fallback`.
[[nodiscard]] core::Result<long> count_argument(const Value& arg, std::string_view function,
                                               const CallContext& context, long fallback = 0);
// A bad_input error at the call's column, prefixed with "<function>(): ".
[[nodiscard]] core::Error function_error(std::string_view function, const CallContext& context,
                                         std::string_view message);

}  // namespace oncoshare::dictionary::logic
