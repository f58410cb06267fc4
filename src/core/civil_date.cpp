#include "core/civil_date.hpp"

#include <array>
#include <fmt/format.h>

namespace oncoshare::core {

namespace {

// The value of text[at, at + count) if all are digits, else -1.
int digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// "HH:MM" or "HH:MM:SS" (the whole of `text`) into `when`.
bool parse_time(std::string_view text, DateTime& when) {
  if (text.size() != 5 && text.size() != 8) return false;
  const int hours = digits(text, 0, 2);
  const int minutes = digits(text, 3, 2);
  if (text[2] != ':' || hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return false;
  int seconds = 0;
  if (text.size() == 8) {
    seconds = digits(text, 6, 2);
    if (text[5] != ':' || seconds < 0 || seconds > 59) return false;
  }
  when.seconds = hours * 3600 + minutes * 60 + seconds;
  when.has_time = true;
  when.has_seconds = text.size() == 8;
  return true;
}

}  // namespace

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && is_leap_year(year) ? 1 : 0);
}

bool is_valid_date(int year, int month, int day) { return day >= 1 && day <= days_in_month(year, month); }

std::int64_t days_from_civil(int year, int month, int day) {
  // Years start on 1 March, so the leap day is the last day of a year.
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                  // [0, 399]
  const std::int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           // [0, 146096]
  return era * 146097 + doe - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

CivilDate civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  CivilDate date;
  date.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  date.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  date.year = static_cast<int>(yoe + era * 400 + (date.month <= 2 ? 1 : 0));
  return date;
}

std::string format_iso_date(std::int64_t days) {
  const CivilDate date = civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

std::optional<DateTime> parse_iso_datetime(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int year = digits(text, 0, 4);
  const int month = digits(text, 5, 2);
  const int day = digits(text, 8, 2);
  if (year < 1 || !is_valid_date(year, month, day)) return std::nullopt;
  DateTime when;
  when.days = days_from_civil(year, month, day);
  if (text.size() == 10) return when;
  if ((text[10] != ' ' && text[10] != 'T') || !parse_time(text.substr(11), when)) return std::nullopt;
  return when;
}

std::optional<std::int64_t> parse_iso_date(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  const std::optional<DateTime> when = parse_iso_datetime(text);
  if (!when) return std::nullopt;
  return when->days;
}

std::string format_iso_datetime(const DateTime& when) {
  std::string text = format_iso_date(when.days);
  if (!when.has_time) return text;
  const int hours = when.seconds / 3600;
  const int minutes = when.seconds / 60 % 60;
  text += fmt::format(" {:02}:{:02}", hours, minutes);
  if (when.has_seconds) text += fmt::format(":{:02}", when.seconds % 60);
  return text;
}

}  // namespace oncoshare::core
