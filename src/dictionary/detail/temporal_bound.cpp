#include "dictionary/detail/temporal_bound.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <vector>

#include "core/civil_date.hpp"

namespace oncoshare::dictionary::detail {

namespace {

// `text` split at `separator`; empty parts are kept so that "1//19" fails later.
std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

// A number of `min_digits` to `max_digits` decimal digits.
std::optional<int> number(std::string_view s, std::size_t min_digits, std::size_t max_digits) {
  if (s.size() < min_digits || s.size() > max_digits) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

// Excel's two-digit year window.
int full_year(std::string_view digits, int year) {
  if (digits.size() == 4) return year;
  return year < 30 ? 2000 + year : 1900 + year;
}

std::optional<std::string> canonical_date(DateOrder order, std::string_view text) {
  const bool slash = text.find('/') != std::string_view::npos;
  std::vector<std::string_view> parts = split(text, slash ? '/' : '-');
  if (parts.size() != 3) return std::nullopt;
  std::optional<int> year, month, day;
  std::string_view year_text;
  if (parts[0].size() == 4) {  // Y-M-D or Y/M/D
    year_text = parts[0];
    year = number(parts[0], 4, 4);
    month = number(parts[1], 1, 2);
    day = number(parts[2], 1, 2);
  } else {
    // Slashes are Excel's M/D/Y; dashes with the year last follow the field's own order.
    bool day_first = !slash && order == DateOrder::dmy;
    if (!slash && order == DateOrder::ymd) return std::nullopt;
    year_text = parts[2];
    year = number(parts[2], slash ? 2 : 4, 4);
    if (year_text.size() == 3) return std::nullopt;
    month = number(parts[day_first ? 1 : 0], 1, 2);
    day = number(parts[day_first ? 0 : 1], 1, 2);
  }
  if (!year || !month || !day) return std::nullopt;
  int y = full_year(year_text, *year);
  if (y < 1 || !core::is_valid_date(y, *month, *day)) return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}", y, *month, *day);
}

// "H:MM", "HH:MM" and, when `seconds` allows, ":SS" after them.
enum class Seconds { forbidden, optional, required };

std::optional<std::string> canonical_time(std::string_view text, Seconds seconds) {
  std::vector<std::string_view> parts = split(text, ':');
  const bool has_seconds = parts.size() == 3;
  if (parts.size() != 2 && !has_seconds) return std::nullopt;
  if (has_seconds && seconds == Seconds::forbidden) return std::nullopt;
  if (!has_seconds && seconds == Seconds::required) return std::nullopt;
  auto hour = number(parts[0], 1, 2);
  auto minute = number(parts[1], 2, 2);
  auto second = has_seconds ? number(parts[2], 2, 2) : std::optional<int>(0);
  if (!hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  if (seconds == Seconds::forbidden) return fmt::format("{:02}:{:02}", *hour, *minute);
  return fmt::format("{:02}:{:02}:{:02}", *hour, *minute, *second);
}

std::optional<std::string> canonical_datetime(DateOrder order, std::string_view text,
                                              Seconds seconds) {
  std::size_t space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  auto date = canonical_date(order, text.substr(0, space));
  auto time = canonical_time(text.substr(space + 1), seconds);
  if (!date || !time) return std::nullopt;
  return *date + " " + *time;
}

}  // namespace

std::optional<std::string> canonical_temporal_bound(TemporalShape shape, DateOrder order,
                                                    std::string_view text) {
  switch (shape) {
    case TemporalShape::date: return canonical_date(order, text);
    case TemporalShape::datetime: return canonical_datetime(order, text, Seconds::forbidden);
    case TemporalShape::datetime_seconds:
      return canonical_datetime(order, text, Seconds::optional);
    case TemporalShape::hh_mm: return canonical_time(text, Seconds::forbidden);
    case TemporalShape::hh_mm_ss: return canonical_time(text, Seconds::required);
    case TemporalShape::mm_ss: {
      std::vector<std::string_view> parts = split(text, ':');
      if (parts.size() != 2) return std::nullopt;
      auto minute = number(parts[0], 1, 2);
      auto second = number(parts[1], 2, 2);
      if (!minute || !second || *minute > 59 || *second > 59) return std::nullopt;
      return fmt::format("{:02}:{:02}", *minute, *second);
    }
  }
  return std::nullopt;
}

}  // namespace oncoshare::dictionary::detail
