#include "dicom/detail/value_rules.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <utility>

#include "core/civil_date.hpp"

namespace oncoshare::dicom::detail {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kDummies = {{
    {"DA", "19000101"},  {"TM", "000000"},    {"DT", "19000101000000"},
    {"AS", "000D"},      {"IS", "0"},         {"DS", "0"},
    {"US", "0"},         {"SS", "0"},         {"UL", "0"},
    {"SL", "0"},         {"UV", "0"},         {"SV", "0"},
    {"FL", "0"},         {"FD", "0"},         {"AE", "ANONYMOUS"},
    {"CS", "ANONYMOUS"}, {"LO", "ANONYMOUS"}, {"LT", "ANONYMOUS"},
    {"PN", "ANONYMOUS"}, {"SH", "ANONYMOUS"}, {"ST", "ANONYMOUS"},
    {"UT", "ANONYMOUS"},
}};

std::optional<int> digits(std::string_view text) {
  int number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

// "YYYYMMDD" moved by `days`, or nullopt.
std::optional<std::string> shift_date8(std::string_view date, std::int32_t days) {
  if (date.size() != 8) return std::nullopt;
  for (const char c : date) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const int year = *digits(date.substr(0, 4));
  const int month = *digits(date.substr(4, 2));
  const int day = *digits(date.substr(6, 2));
  if (!core::is_valid_date(year, month, day)) return std::nullopt;
  const core::CivilDate moved =
      core::civil_from_days(core::days_from_civil(year, month, day) + days);
  if (moved.year < 1 || moved.year > 9999) return std::nullopt;
  std::array<char, 16> text{};
  const int written =
      std::snprintf(text.data(), text.size(), "%04d%02d%02d", moved.year, moved.month, moved.day);
  return std::string(text.data(), static_cast<std::size_t>(written));
}

// Applies `one` to each backslash-separated value.
template <class Shift>
std::optional<std::string> each_value(std::string_view value, Shift one) {
  std::string out;
  while (true) {
    const std::size_t cut = value.find('\\');
    const std::optional<std::string> moved = one(value.substr(0, cut));
    if (!moved) return std::nullopt;
    out += *moved;
    if (cut == std::string_view::npos) return out;
    out += '\\';
    value.remove_prefix(cut + 1);
  }
}

}  // namespace

std::optional<std::string> dummy_value(std::string_view vr) {
  for (const auto& [name, dummy] : kDummies) {
    if (name == vr) return std::string(dummy);
  }
  if (vr == "UC") return std::string("ANONYMOUS");
  if (vr == "UR") return std::string();
  return std::nullopt;
}

std::optional<std::string> shift_da(std::string_view value, std::int32_t days) {
  return each_value(value, [days](std::string_view one) { return shift_date8(one, days); });
}

std::optional<std::string> shift_dt(std::string_view value, std::int32_t days) {
  return each_value(value, [days](std::string_view one) -> std::optional<std::string> {
    if (one.size() < 8) return std::nullopt;
    const std::optional<std::string> date = shift_date8(one.substr(0, 8), days);
    if (!date) return std::nullopt;
    return *date + std::string(one.substr(8));
  });
}

}  // namespace oncoshare::dicom::detail
