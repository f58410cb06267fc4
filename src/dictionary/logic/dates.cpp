#include "dictionary/logic/dates.hpp"

#include <array>
#include <fmt/format.h>
#include <string>

namespace oncoshare::dictionary::logic {
namespace {

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

// The date part of `text` in `order`, rewritten as ISO "YYYY-MM-DD" followed by the rest
// of `text` verbatim, for core::parse_iso_datetime to validate. nullopt if the date part
// is not three numbers (a four-digit year) separated by '-' or '/'.
std::optional<std::string> to_iso(std::string_view text, DateOrder order) {
  const std::size_t year_at = order == DateOrder::ymd ? 0 : 2;
  std::array<int, 3> parts{};
  std::size_t pos = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    if (i > 0) {
      if (pos >= text.size() || !is_separator(text[pos])) return std::nullopt;
      ++pos;
    }
    const std::size_t start = pos;
    parts[i] = read_int(text, pos, i == year_at ? 4 : 2);
    if (parts[i] < 0 || (i == year_at && pos - start != 4)) return std::nullopt;
  }
  int year = parts[0], month = parts[1], day = parts[2];
  if (order == DateOrder::mdy) year = parts[2], month = parts[0], day = parts[1];
  if (order == DateOrder::dmy) year = parts[2], month = parts[1], day = parts[0];
  return fmt::format("{:04}-{:02}-{:02}{}", year, month, day, text.substr(pos));
}

}  // namespace

std::optional<core::DateTime> parse_datetime(std::string_view text, DateOrder order) {
  if (auto iso = core::parse_iso_datetime(text)) return iso;
  const std::optional<std::string> normalised = to_iso(text, order);
  if (!normalised) return std::nullopt;
  return core::parse_iso_datetime(*normalised);
}

}  // namespace oncoshare::dictionary::logic
