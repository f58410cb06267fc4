// Min/max of date, datetime and time validations as a dictionary may spell them, read into
// the canonical text REDCap stores and exports. The accepted forms are listed per
// validation type in docs/dictionary.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace oncoshare::dictionary::detail {

// Order of day, month and year in the field's own format (date_dmy, datetime_mdy, ...).
enum class DateOrder { ymd, mdy, dmy };

// What the bound holds: a date, a date and time (seconds optional or required), a time.
enum class TemporalShape { date, datetime, datetime_seconds, hh_mm, hh_mm_ss, mm_ss };

// The canonical form ("2019-01-31", "2019-01-01 09:00", "2019-01-01 09:00:00", "06:00",
// "06:00:00", "05:30") of `text`, or nullopt when it is not an accepted form or names no real
// date or time. Dates: Y-M-D (4-digit year, '-' or '/'), M/D/Y with '/' (Excel's rendering,
// whatever the field's order; 2-digit years 00-29 are 20xx, 30-99 19xx) or, with '-' and a
// 4-digit year last, the field's own D-M-Y or M-D-Y; months and days may have one digit.
// Times: hours may have one digit; a datetime_seconds bound without seconds means :00.
[[nodiscard]] std::optional<std::string> canonical_temporal_bound(TemporalShape shape,
                                                                  DateOrder order,
                                                                  std::string_view text);

}  // namespace oncoshare::dictionary::detail
