// Date de-identification per patient: keep, shift by the patient's keyed offset, or
// recode as whole days from a reference (EuCanImage: intervals from 1970-01-01, or from
// the patient's own diagnosis date).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "privacy/pseudonym.hpp"

namespace oncoshare::privacy {

enum class DateMode { keep, shift, interval };

// The largest --max-shift-days: ten years hides a date well; more only moves dates out of
// their era (and toward the ends of years 0001-9999). No shift at all is --dates keep.
inline constexpr std::int32_t kMaxShiftDays = 3650;

struct DatePolicy {
  DateMode mode = DateMode::keep;
  // Fixed reference date for interval mode, used when reference_variable is empty.
  std::string reference = "1970-01-01";
  // e.g. "diagnosis_date": interval from the patient's own value of this variable.
  std::string reference_variable;
  // Shift mode: offsets are drawn from [-max_shift_days, max_shift_days] \ {0};
  // 1 <= max_shift_days <= kMaxShiftDays.
  std::int32_t max_shift_days = 365;
};

// "keep" / "shift" / "interval"; anything else is a bad_input error naming the value.
[[nodiscard]] core::Result<DateMode> parse_date_mode(std::string_view text);

// The --dates mode and --date-reference value of a command that writes dates: reference
// is empty (1970-01-01), a date "YYYY-MM-DD", or the name of a date variable. Errors
// (bad_input) name the option and the value.
[[nodiscard]] core::Result<DatePolicy> parse_date_policy(std::string_view mode, std::string_view reference);

// Days since 1970-01-01 of the date part of an ISO "YYYY-MM-DD[( |T)HH:MM[:SS]]" value.
// Error (bad_input, message names the value) for anything else or an impossible date.
[[nodiscard]] core::Result<std::int64_t> epoch_days(std::string_view value);

// ISO "YYYY-MM-DD" of a day count since 1970-01-01 (core::format_iso_date).
[[nodiscard]] std::string iso_date(std::int64_t days);

// `value` moved by `days`, keeping its time of day and separator verbatim.
[[nodiscard]] core::Result<std::string> shift_date(std::string_view value, std::int32_t days);

// Whole days from `reference` to `value` (negative before it); times of day are ignored.
[[nodiscard]] core::Result<std::int64_t> interval_days(std::string_view value,
                                                       std::string_view reference);

// What the policy needs to know about one patient.
struct PatientDateContext {
  std::int32_t shift_days = 0;   // date_shift_days(key, pseudonym, max_shift_days)
  std::string reference_value;   // the patient's value of policy.reference_variable
};

// The context for a patient: their shift from `key` and `patient_pseudonym`, and the
// reference value the caller read from the record (may be empty).
[[nodiscard]] PatientDateContext patient_date_context(const DatePolicy& policy, const Key& key,
                                                      std::string_view patient_pseudonym,
                                                      std::string reference_value = {});

// Whether interval mode needs the patient's value of a reference variable and has none:
// then every date of the patient is left untransformed.
[[nodiscard]] bool missing_reference(const DatePolicy& policy, const PatientDateContext& patient);

// The day `value` becomes under the policy, time of day dropped: keep -> its day since
// 1970-01-01; shift -> that plus shift_days; interval -> whole days from the reference,
// i.e. the day that is as far from 1970-01-01 (how FHIR output writes intervals). The day
// may fall outside years 0001-9999. Errors as transform_date, including an empty value.
[[nodiscard]] core::Result<std::int64_t> transform_day(const DatePolicy& policy,
                                                       const PatientDateContext& patient,
                                                       std::string_view value);

// Applies the policy to one date or datetime value. An empty value stays empty (missing
// stays missing). keep -> unchanged; shift -> shift_date(value, shift_days); interval ->
// decimal day count from the reference. Errors: a bad date (message names the value), or
// interval mode with a reference variable the patient has no valid value for.
[[nodiscard]] core::Result<std::string> transform_date(const DatePolicy& policy,
                                                       const PatientDateContext& patient,
                                                       std::string_view value);

}  // namespace oncoshare::privacy
