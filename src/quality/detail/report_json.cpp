#include "quality/detail/report_json.hpp"

#include <cmath>

#include <fmt/format.h>

namespace oncoshare::quality::detail {
namespace {

const Json& null_json() {
  static const Json value;
  return value;
}

const Json& empty_array() {
  static const Json value = Json::array();
  return value;
}

}  // namespace

const Json& member(const Json& object, std::string_view key) {
  if (!object.is_object()) return null_json();
  const auto it = object.find(std::string(key));
  return it == object.end() ? null_json() : *it;
}

const Json& array_member(const Json& object, std::string_view key) {
  const Json& value = member(object, key);
  return value.is_array() ? value : empty_array();
}

std::string text_member(const Json& object, std::string_view key) {
  const Json& value = member(object, key);
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer() || value.is_number_unsigned() || value.is_boolean()) {
    return value.dump();
  }
  if (value.is_number_float()) return format_plain(value.get<double>());
  return "";
}

std::optional<double> number_member(const Json& object, std::string_view key) {
  const Json& value = member(object, key);
  if (!value.is_number()) return std::nullopt;
  const double number = value.get<double>();
  if (!std::isfinite(number)) return std::nullopt;
  return number;
}

std::string format_fixed(std::optional<double> value, int decimals) {
  if (!value || !std::isfinite(*value)) return "\xE2\x80\x93";  // –
  std::string out = fmt::format("{:.{}f}", *value, decimals);
  if (out.starts_with('-') && out.find_first_not_of("-0.") == std::string::npos) {
    out.erase(0, 1);
  }
  return out;
}

std::string format_plain(std::optional<double> value) {
  if (value && std::isfinite(*value) && *value == std::round(*value) &&
      std::fabs(*value) < 1e15) {
    return format_fixed(value, 0);
  }
  return format_fixed(value, 2);
}

std::string format_count(std::optional<double> value) {
  if (!value || !std::isfinite(*value)) return format_fixed(value, 0);
  const std::string digits = format_plain(value);
  if (digits.find('.') != std::string::npos) return digits;
  const bool negative = digits.starts_with('-');
  const std::string_view body = std::string_view(digits).substr(negative ? 1 : 0);
  std::string out = negative ? "-" : "";
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (i > 0 && (body.size() - i) % 3 == 0) out += ',';
    out += body[i];
  }
  return out;
}

std::string format_rate(std::optional<double> fraction) {
  if (!fraction || !std::isfinite(*fraction)) return format_fixed(fraction, 2);
  const double percent = *fraction * 100.0;
  if (percent > 0.0 && percent < 0.005) return "<0.01%";
  return format_fixed(percent, 2) + "%";
}

}  // namespace oncoshare::quality::detail
