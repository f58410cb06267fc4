// Numeric functions: aggregates that skip blanks, rounding, abs, sqrt, log, exponential, mod.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "dictionary/logic/functions.hpp"

namespace oncoshare::dictionary::logic {
namespace {

// The non-blank arguments as numbers; REDCap's sum(), mean() ... ignore blanks.
core::Result<std::vector<double>> numbers(std::span<const Value> args, std::string_view function,
                                          const CallContext& context) {
  std::vector<double> out;
  for (const auto& arg : args) {
    auto number = number_argument(arg, function, context);
    if (!number) return core::fail(number.error());
    if (*number) out.push_back(**number);
  }
  return out;
}

template <class Reduce>
core::Result<Value> aggregate(std::span<const Value> args, std::string_view function, const CallContext& context,
                              Reduce reduce) {
  auto values = numbers(args, function, context);
  if (!values) return core::fail(values.error());
  if (values->empty()) return Value::blank();
  return reduce(*values);
}

core::Result<Value> sum(std::span<const Value> args, const CallContext& context) {
  return aggregate(args, "sum", context,
                   [](const std::vector<double>& v) { return Value::number(std::accumulate(v.begin(), v.end(), 0.0)); });
}

core::Result<Value> mean(std::span<const Value> args, const CallContext& context) {
  return aggregate(args, "mean", context, [](const std::vector<double>& v) {
    return Value::number(std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()));
  });
}

core::Result<Value> median(std::span<const Value> args, const CallContext& context) {
  return aggregate(args, "median", context, [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t mid = v.size() / 2;
    return Value::number(v.size() % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2);
  });
}

core::Result<Value> stdev(std::span<const Value> args, const CallContext& context) {
  return aggregate(args, "stdev", context, [](const std::vector<double>& v) {
    if (v.size() < 2) return Value::blank();  // sample standard deviation needs two values
    const double m = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    double squares = 0;
    for (double x : v) squares += (x - m) * (x - m);
    return Value::number(std::sqrt(squares / static_cast<double>(v.size() - 1)));
  });
}

core::Result<Value> min(std::span<const Value> args, const CallContext& context) {
  return aggregate(args, "min", context,
                   [](const std::vector<double>& v) { return Value::number(*std::min_element(v.begin(), v.end())); });
}

core::Result<Value> max(std::span<const Value> args, const CallContext& context) {
  return aggregate(args, "max", context,
                   [](const std::vector<double>& v) { return Value::number(*std::max_element(v.begin(), v.end())); });
}

// round / roundup / rounddown to `places` decimals. A product such as 2.675 * 100 lands a
// hair off the integer in binary; snapping within 1e-9 makes the decimal intent win.
template <class Mode>
core::Result<Value> rounding(std::span<const Value> args, std::string_view function, const CallContext& context,
                             Mode mode) {
  auto number = number_argument(args[0], function, context);
  if (!number) return core::fail(number.error());
  auto places = args.size() > 1 ? count_argument(args[1], function, context) : core::Result<long>(0L);
  if (!places) return core::fail(places.error());
  if (!*number) return Value::blank();
  const double scale = std::pow(10.0, static_cast<double>(std::clamp(*places, -308L, 308L)));
  double scaled = **number * scale;
  const double nearest = std::round(scaled);
  if (std::fabs(scaled - nearest) <= 1e-9 * std::max(1.0, std::fabs(scaled))) scaled = nearest;
  return Value::number(mode(scaled) / scale);
}

core::Result<Value> round(std::span<const Value> args, const CallContext& context) {
  return rounding(args, "round", context, [](double x) { return std::round(x); });  // half away from zero
}

core::Result<Value> roundup(std::span<const Value> args, const CallContext& context) {
  return rounding(args, "roundup", context, [](double x) { return std::ceil(x); });
}

core::Result<Value> rounddown(std::span<const Value> args, const CallContext& context) {
  return rounding(args, "rounddown", context, [](double x) { return std::floor(x); });
}

template <class Apply>
core::Result<Value> unary_math(std::span<const Value> args, std::string_view function, const CallContext& context,
                               Apply apply) {
  auto number = number_argument(args[0], function, context);
  if (!number) return core::fail(number.error());
  if (!*number) return Value::blank();
  return apply(**number);
}

core::Result<Value> abs(std::span<const Value> args, const CallContext& context) {
  return unary_math(args, "abs", context, [](double x) { return Value::number(std::fabs(x)); });
}

core::Result<Value> sqrt(std::span<const Value> args, const CallContext& context) {
  // REDCap shows nothing for the square root of a negative number.
  return unary_math(args, "sqrt", context, [](double x) { return x < 0 ? Value::blank() : Value::number(std::sqrt(x)); });
}

// log(x) is the natural logarithm, log(x, base) any other; zero or negative x gives
// nothing, as in REDCap (the evaluator blanks the non-finite result).
core::Result<Value> log(std::span<const Value> args, const CallContext& context) {
  auto x = number_argument(args[0], "log", context);
  if (!x) return core::fail(x.error());
  auto base = args.size() > 1 ? number_argument(args[1], "log", context)
                              : core::Result<std::optional<double>>(std::exp(1.0));
  if (!base) return core::fail(base.error());
  if (!*x || !*base || **x <= 0 || **base <= 0) return Value::blank();
  return Value::number(std::log(**x) / std::log(**base));
}

core::Result<Value> exponential(std::span<const Value> args, const CallContext& context) {
  return unary_math(args, "exponential", context, [](double x) { return Value::number(std::exp(x)); });
}

// The remainder keeps the dividend's sign (-7 mod 3 = -1), as REDCap's mod() does.
core::Result<Value> mod(std::span<const Value> args, const CallContext& context) {
  auto dividend = number_argument(args[0], "mod", context);
  if (!dividend) return core::fail(dividend.error());
  auto divisor = number_argument(args[1], "mod", context);
  if (!divisor) return core::fail(divisor.error());
  if (!*dividend || !*divisor) return Value::blank();
  return Value::number(std::fmod(**dividend, **divisor));  // mod by 0 is NaN, shown blank
}

constexpr FunctionSpec table[] = {
    {"sum", 1, any_count, sum},       {"mean", 1, any_count, mean}, {"median", 1, any_count, median},
    {"stdev", 1, any_count, stdev},   {"min", 1, any_count, min},   {"max", 1, any_count, max},
    {"round", 1, 2, round},           {"roundup", 1, 2, roundup},   {"rounddown", 1, 2, rounddown},
    {"abs", 1, 1, abs},               {"sqrt", 1, 1, sqrt},         {"log", 1, 2, log},
    {"exponential", 1, 1, exponential}, {"mod", 2, 2, mod},
};

}  // namespace

std::span<const FunctionSpec> math_functions() { return table; }

}  // namespace oncoshare::dictionary::logic
