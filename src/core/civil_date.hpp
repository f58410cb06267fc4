// Calendar dates as day counts since 1970-01-01 (proleptic Gregorian calendar, after
// H. Hinnant's civil algorithms), and the ISO "YYYY-MM-DD[( |T)HH:MM[:SS]]" text REDCap
// exports. Day counts make date arithmetic exact; the one implementation every component
// uses. All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oncoshare::core {

inline constexpr std::int64_t kSecondsPerDay = 86400;
// Mean length of a Gregorian year in days; also REDCap's datediff() year.
inline constexpr double kDaysPerYear = 365.2425;

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
};

// Whether `year` has a 29 February (every 4th year, but not centuries unless divisible by 400).
[[nodiscard]] constexpr bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// Days in `month` (1-12) of `year`; 0 if the month is out of range.
[[nodiscard]] int days_in_month(int year, int month);

// Whether year/month/day names a day of the calendar (any year, month 1-12, day in month).
[[nodiscard]] bool is_valid_date(int year, int month, int day);

// Days since 1970-01-01 (negative before it). Precondition: is_valid_date(year, month, day).
[[nodiscard]] std::int64_t days_from_civil(int year, int month, int day);

// The calendar date of a day count; the inverse of days_from_civil.
[[nodiscard]] CivilDate civil_from_days(std::int64_t days);

// "YYYY-MM-DD" for a day count. Years 0001-9999 are the ones parse_iso_date reads back;
// others are printed as numbers (e.g. "10000-01-01").
[[nodiscard]] std::string format_iso_date(std::int64_t days);

// A parsed ISO date or date-time, with which parts the text had.
struct DateTime {
  std::int64_t days = 0;     // since 1970-01-01
  std::int32_t seconds = 0;  // since midnight, 0 without a time
  bool has_time = false;     // "HH:MM" was present
  bool has_seconds = false;  // ":SS" was present too
};

// Parses "YYYY-MM-DD" optionally followed by ' ' or 'T' and "HH:MM" or "HH:MM:SS", every
// part with exactly its number of digits, years 0001-9999 (FHIR and REDCap have no year 0).
// nullopt for anything else, including impossible dates (2021-02-30) and times (24:00).
[[nodiscard]] std::optional<DateTime> parse_iso_datetime(std::string_view text);

// parse_iso_datetime for a date without a time: days since 1970-01-01, or nullopt.
[[nodiscard]] std::optional<std::int64_t> parse_iso_date(std::string_view text);

// Seconds since 1970-01-01 00:00 (no time zone, no leap seconds).
[[nodiscard]] constexpr std::int64_t epoch_seconds(const DateTime& when) {
  return when.days * kSecondsPerDay + when.seconds;
}

// "YYYY-MM-DD", plus " HH:MM" if has_time and ":SS" if has_seconds: parse_iso_datetime's
// inverse for texts with a ' ' separator.
[[nodiscard]] std::string format_iso_datetime(const DateTime& when);

}  // namespace oncoshare::core
