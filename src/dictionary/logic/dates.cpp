#include "dictionary/logic/dates.hpp"

#include <array>

namespace oncoshare::dictionary::logic {
namespace {

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[static_cast<std::size_t>(month - 1)];
}

// Reads 1..max_digits decimal digits at `pos`; advances `pos`. -1 if none.
int read_int(std::string_view text, std::size_t& pos, std::size_t max_digits) {
  int value = 0;
  std::size_t digits = 0;
  while (pos < text.size() && digits < max_digits && text[pos] >= '0' && text[pos] <= '9') {
    value = value * 10 + (text[pos] - '0');
    ++pos;
    ++digits;
  }
  return digits == 0 ? -1 : value;
}

bool is_separator(char c) { return c == '-' || c == '/'; }

// Three numbers separated by '-' or '/', the year in position `year_at` (0 or 2).
bool read_date(std::string_view text, std::size_t& pos, std::size_t year_at, std::array<int, 3>& parts) {
  for (std::size_t i = 0; i < 3; ++i) {
    if (i > 0) {
      if (pos >= text.size() || !is_separator(text[pos])) return false;
      ++pos;
    }
    const std::size_t start = pos;
    parts[i] = read_int(text, pos, i == year_at ? 4 : 2);
    if (parts[i] < 0 || (i == year_at && pos - start != 4)) return false;
  }
  return true;
}

bool read_time(std::string_view text, std::size_t& pos, int& seconds) {
  seconds = 0;
  if (pos == text.size()) return true;
  if (text[pos] != ' ' && text[pos] != 'T') return false;
  ++pos;
  const int hours = read_int(text, pos, 2);
  if (hours < 0 || hours > 23 || pos >= text.size() || text[pos] != ':') return false;
  ++pos;
  const int minutes = read_int(text, pos, 2);
  if (minutes < 0 || minutes > 59) return false;
  int secs = 0;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    secs = read_int(text, pos, 2);
    if (secs < 0 || secs > 59) return false;
  }
  seconds = hours * 3600 + minutes * 60 + secs;
  return pos == text.size();
}

std::optional<CivilDateTime> parse_in_order(std::string_view text, DateOrder order) {
  std::size_t pos = 0;
  std::array<int, 3> parts{};
  if (!read_date(text, pos, order == DateOrder::ymd ? 0 : 2, parts)) return std::nullopt;
  CivilDateTime when;
  switch (order) {
    case DateOrder::ymd: when.year = parts[0]; when.month = parts[1]; when.day = parts[2]; break;
    case DateOrder::mdy: when.month = parts[0]; when.day = parts[1]; when.year = parts[2]; break;
    case DateOrder::dmy: when.day = parts[0]; when.month = parts[1]; when.year = parts[2]; break;
  }
  if (when.year < 1 || when.month < 1 || when.month > 12 || when.day < 1 ||
      when.day > days_in_month(when.year, when.month)) {
    return std::nullopt;
  }
  if (!read_time(text, pos, when.seconds)) return std::nullopt;
  return when;
}

}  // namespace

std::optional<CivilDateTime> parse_datetime(std::string_view text, DateOrder order) {
  if (auto iso = parse_in_order(text, DateOrder::ymd)) return iso;
  if (order == DateOrder::ymd) return std::nullopt;
  return parse_in_order(text, order);
}

double to_seconds(const CivilDateTime& when) {
  // Howard Hinnant's days_from_civil.
  const int y = when.year - (when.month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int mp = (when.month + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + when.day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const long days = static_cast<long>(era) * 146097 + doe - 719468;
  return static_cast<double>(days) * 86400.0 + when.seconds;
}

}  // namespace oncoshare::dictionary::logic
