// How dates leave the site: kept, shifted per patient, or recoded as intervals from a
// reference date and written relative to 1970-01-01. The single switch point for date
// handling in FHIR output (to be backed by privacy/dates.hpp once it exists).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace oncoshare::fhir {

enum class DateMode : std::uint8_t { keep, shift, interval };

struct DatePolicy {
  DateMode mode = DateMode::keep;
  // interval mode: a fixed reference date (YYYY-MM-DD), or the name of a date variable
  // whose value for the patient is the reference (then written as 1970-01-01).
  std::string reference_date = "1970-01-01";
  std::string reference_variable;
  std::int32_t max_shift_days = 365;
};

// Per patient: the shift (shift mode) and the reference day (interval mode).
struct PatientDates {
  std::int32_t shift_days = 0;
  std::optional<std::int64_t> reference_day;  // days since 1970-01-01
};

enum class DateOutcome : std::uint8_t { ok, invalid, no_reference };

// Parses "YYYY-MM-DD" optionally followed by a time (' ' or 'T'), which is dropped: days
// since 1970-01-01, or nullopt if the date does not exist.
[[nodiscard]] std::optional<std::int64_t> parse_day(std::string_view text);
// "YYYY-MM-DD" for days since 1970-01-01 (years 0000-9999).
[[nodiscard]] std::string format_day(std::int64_t day);

// Writes the FHIR date for `raw` under `policy` to `out`. invalid: `raw` is not a date;
// no_reference: interval mode and the patient has no reference date.
[[nodiscard]] DateOutcome transform_date(std::string_view raw, const DatePolicy& policy,
                                         const PatientDates& patient, std::string& out);

// Parses --dates keep|shift|interval and --date-reference (a date or a variable name).
[[nodiscard]] core::Result<DatePolicy> parse_date_policy(std::string_view mode, std::string_view reference);

}  // namespace oncoshare::fhir
