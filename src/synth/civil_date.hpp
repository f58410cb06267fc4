// Calendar dates as day counts, so the generator can add durations and compare dates
// exactly. Proleptic Gregorian calendar (H. Hinnant's civil algorithms).
#pragma once

#include <cstdint>
#include <string>

namespace oncoshare::synth {

// Days since 1970-01-01 for a valid year/month/day.
[[nodiscard]] std::int64_t days_from_civil(int year, unsigned month, unsigned day);
// ISO "YYYY-MM-DD" for a day count.
[[nodiscard]] std::string iso_date(std::int64_t days);

// REDCap datediff(a, b, 'y'): years as days / 365.2425.
[[nodiscard]] double years_between(std::int64_t from, std::int64_t to);

}  // namespace oncoshare::synth
