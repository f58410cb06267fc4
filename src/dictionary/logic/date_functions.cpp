// Date functions: datediff(), year(), month(), day().
#include <cmath>
#include <fmt/format.h>

#include "dictionary/logic/dates.hpp"
#include "dictionary/logic/functions.hpp"
#include "dictionary/logic/value.hpp"

namespace oncoshare::dictionary::logic {
namespace {

// Seconds in a unit, with REDCap's own factors: a year is 365.2425 days and a month
// 30.44 days. Whole numbers, so no rounding creeps in before the one division.
std::optional<double> seconds_per_unit(std::string_view unit) {
  if (unit == "y") return 31556952.0;  // 365.2425 * 86400
  if (unit == "M") return 2630016.0;   // 30.44 * 86400
  if (unit == "d") return 86400.0;
  if (unit == "h") return 3600.0;
  if (unit == "m") return 60.0;
  if (unit == "s") return 1.0;
  return std::nullopt;
}

std::optional<DateOrder> date_order(std::string_view format) {
  if (format == "ymd") return DateOrder::ymd;
  if (format == "mdy") return DateOrder::mdy;
  if (format == "dmy") return DateOrder::dmy;
  return std::nullopt;
}

// A date argument as seconds since 1970; "today" and "now" mean EvaluationOptions::today. nullopt if blank.
core::Result<std::optional<double>> date_argument(const Value& arg, DateOrder order, std::string_view function,
                                                  const CallContext& context) {
  if (arg.is_blank()) return std::optional<double>();
  std::string text = format_value(arg);
  if (text == "today" || text == "now") {
    if (context.options.today.empty()) {
      return function_error(function, context,
                            fmt::format("'{}' needs today's date, and none was given", text));
    }
    text = context.options.today;
  }
  auto when = parse_datetime(text, order);
  if (!when) return function_error(function, context, fmt::format("expected a date, got '{}'", text));
  return std::optional<double>(static_cast<double>(core::epoch_seconds(*when)));
}

// datediff(date1, date2, unit[, format][, returnSignedValue]): date2 - date1 in `unit`,
// absolute unless returnSignedValue is true. Blank if either date is blank.
core::Result<Value> datediff(std::span<const Value> args, const CallContext& context) {
  const std::string unit = format_value(args[2]);
  const auto per_unit = seconds_per_unit(unit);
  if (!per_unit) {
    return function_error("datediff", context,
                          fmt::format("unit must be one of y, M, d, h, m, s; got '{}'", unit));
  }
  DateOrder order = DateOrder::ymd;
  bool is_signed = false;
  std::size_t next = 3;
  if (next < args.size()) {
    // The fourth argument is either the date format or, with the format left out, the sign flag.
    if (auto parsed = date_order(format_value(args[next]))) {
      order = *parsed;
      ++next;
    } else if (args.size() == 5) {
      return function_error("datediff", context,
                            fmt::format("format must be ymd, mdy or dmy; got '{}'", format_value(args[next])));
    }
  }
  if (next < args.size()) {
    auto flag = truth_of(args[next], context.column);
    if (!flag) return core::fail(flag.error());
    is_signed = *flag;
  }
  auto first = date_argument(args[0], order, "datediff", context);
  if (!first) return core::fail(first.error());
  auto second = date_argument(args[1], order, "datediff", context);
  if (!second) return core::fail(second.error());
  if (!*first || !*second) return Value::blank();
  const double difference = (**second - **first) / *per_unit;
  return Value::number(is_signed ? difference : std::fabs(difference));
}

template <class Part>
core::Result<Value> date_part(std::span<const Value> args, std::string_view function, const CallContext& context,
                              Part part) {
  if (args[0].is_blank()) return Value::blank();
  const std::string text = format_value(args[0]);
  auto when = parse_datetime(text);
  if (!when) return function_error(function, context, fmt::format("expected a date, got '{}'", text));
  return Value::number(part(core::civil_from_days(when->days)));
}

core::Result<Value> year(std::span<const Value> args, const CallContext& context) {
  return date_part(args, "year", context, [](const core::CivilDate& d) { return d.year; });
}
core::Result<Value> month(std::span<const Value> args, const CallContext& context) {
  return date_part(args, "month", context, [](const core::CivilDate& d) { return d.month; });
}
core::Result<Value> day(std::span<const Value> args, const CallContext& context) {
  return date_part(args, "day", context, [](const core::CivilDate& d) { return d.day; });
}

constexpr FunctionSpec table[] = {
    {"datediff", 3, 5, datediff},
    {"year", 1, 1, year},
    {"month", 1, 1, month},
    {"day", 1, 1, day},
};

}  // namespace

std::span<const FunctionSpec> date_functions() { return table; }

}  // namespace oncoshare::dictionary::logic
