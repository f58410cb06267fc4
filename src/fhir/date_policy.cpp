#include "fhir/date_policy.hpp"

#include <charconv>
#include <fmt/format.h>

namespace oncoshare::fhir {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int number(std::string_view text) {
  int value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? value : -1;
}

}  // namespace

std::optional<std::int64_t> parse_day(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (text.size() > 10 && text[10] != ' ' && text[10] != 'T') return std::nullopt;
  const int y = number(text.substr(0, 4)), m = number(text.substr(5, 2)), d = number(text.substr(8, 2));
  if (y < 0 || m < 1 || m > 12 || d < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int month_days = kDays[m - 1] + (m == 2 && leap(y) ? 1 : 0);
  if (d > month_days) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string format_day(std::int64_t day) {
  // H. Hinnant's civil_from_days.
  day += 719468;
  const std::int64_t era = (day >= 0 ? day : day - 146096) / 146097;
  const auto doe = static_cast<unsigned>(day - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

DateOutcome transform_date(std::string_view raw, const DatePolicy& policy, const PatientDates& patient,
                           std::string& out) {
  const std::optional<std::int64_t> day = parse_day(raw);
  if (!day) return DateOutcome::invalid;
  switch (policy.mode) {
    case DateMode::keep:
      out = format_day(*day);
      return DateOutcome::ok;
    case DateMode::shift:
      out = format_day(*day + patient.shift_days);
      return DateOutcome::ok;
    case DateMode::interval:
      if (!patient.reference_day) return DateOutcome::no_reference;
      out = format_day(*day - *patient.reference_day);
      return DateOutcome::ok;
  }
  return DateOutcome::invalid;
}

core::Result<DatePolicy> parse_date_policy(std::string_view mode, std::string_view reference) {
  DatePolicy policy;
  if (mode == "keep") {
    policy.mode = DateMode::keep;
  } else if (mode == "shift") {
    policy.mode = DateMode::shift;
  } else if (mode == "interval") {
    policy.mode = DateMode::interval;
  } else {
    return core::bad_input(fmt::format("--dates must be keep, shift or interval, not '{}'", mode));
  }
  if (reference.empty()) return policy;
  if (parse_day(reference) && reference.size() == 10) {
    policy.reference_date = std::string(reference);
  } else if (!reference.empty() && reference.find_first_of("-/ ") == std::string_view::npos) {
    policy.reference_variable = std::string(reference);
  } else {
    return core::bad_input(fmt::format("--date-reference '{}' is neither a date (YYYY-MM-DD) nor a variable name",
                                       reference));
  }
  return policy;
}

}  // namespace oncoshare::fhir
