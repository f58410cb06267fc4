// Dates and date-times as REDCap writes them, and day arithmetic on them. Internal to
// the logic component.
#pragma once

#include <optional>
#include <string_view>

namespace oncoshare::dictionary::logic {

// Order of the date parts when a value is not ISO (REDCap's date_mdy / date_dmy forms).
enum class DateOrder { ymd, mdy, dmy };

struct CivilDateTime {
  int year = 1970;
  int month = 1;
  int day = 1;
  int seconds = 0;  // since midnight
};

// Parses "YYYY-MM-DD" optionally followed by " HH:MM" or " HH:MM:SS" (also 'T'); REDCap
// exports dates in this form whatever the field's display order. If that fails and
// `order` is mdy or dmy, tries "MM-DD-YYYY" / "DD-MM-YYYY" ('/' also accepted).
// nullopt for anything else, including impossible dates (2023-02-30).
[[nodiscard]] std::optional<CivilDateTime> parse_datetime(std::string_view text, DateOrder order = DateOrder::ymd);

// Seconds since 1970-01-01 00:00 (proleptic Gregorian). Whole seconds, so differences
// are exact in a double.
[[nodiscard]] double to_seconds(const CivilDateTime& when);

}  // namespace oncoshare::dictionary::logic
