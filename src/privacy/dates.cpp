#include "privacy/dates.hpp"

#include <fmt/format.h>

#include "core/civil_date.hpp"

namespace oncoshare::privacy {

namespace {

// Never the value itself: it is a patient's date; the caller names the record and field.
core::Error bad_date(std::string_view /*value*/) {
  return core::bad_input("invalid date: expected YYYY-MM-DD[ HH:MM[:SS]]");
}

}  // namespace

core::Result<DateMode> parse_date_mode(std::string_view text) {
  if (text == "keep") return DateMode::keep;
  if (text == "shift") return DateMode::shift;
  if (text == "interval") return DateMode::interval;
  return core::bad_input(
      fmt::format("unknown date mode '{}': expected keep, shift or interval", text));
}

core::Result<DatePolicy> parse_date_policy(std::string_view mode, std::string_view reference) {
  DatePolicy policy;
  core::Result<DateMode> parsed = parse_date_mode(mode);
  if (!parsed) {
    return core::bad_input(fmt::format("--dates must be keep, shift or interval, not '{}'", mode));
  }
  policy.mode = *parsed;
  if (reference.empty()) return policy;
  if (core::parse_iso_date(reference)) {
    policy.reference = std::string(reference);
  } else if (reference.find_first_of("-/ ") == std::string_view::npos) {
    policy.reference_variable = std::string(reference);
  } else {
    return core::bad_input(fmt::format(
        "--date-reference '{}' is neither a date (YYYY-MM-DD) nor a variable name", reference));
  }
  return policy;
}

core::Result<std::int64_t> epoch_days(std::string_view value) {
  // ISO only: REDCap exports dates as YYYY-MM-DD whatever the display format.
  const std::optional<core::DateTime> when = core::parse_iso_datetime(value);
  if (!when) return bad_date(value);
  return when->days;
}

std::string iso_date(std::int64_t days) { return core::format_iso_date(days); }

core::Result<std::string> shift_date(std::string_view value, std::int32_t days) {
  core::Result<std::int64_t> base = epoch_days(value);
  if (!base) return core::fail(base.error());
  std::string shifted = iso_date(*base + days);
  if (!epoch_days(shifted)) {  // outside years 0001-9999
    // Neither the date nor the shift is named: together they would give the patient's date.
    return core::bad_input("the shifted date falls outside years 0001-9999");
  }
  shifted += value.substr(10);  // the time of day, verbatim
  return shifted;
}

core::Result<std::int64_t> interval_days(std::string_view value, std::string_view reference) {
  core::Result<std::int64_t> day = epoch_days(value);
  if (!day) return core::fail(day.error());
  core::Result<std::int64_t> origin = epoch_days(reference);
  if (!origin) {
    return core::bad_input(fmt::format("invalid reference date '{}': expected YYYY-MM-DD",
                                       reference));
  }
  return *day - *origin;
}

PatientDateContext patient_date_context(const DatePolicy& policy, const Key& key,
                                        std::string_view patient_pseudonym,
                                        std::string reference_value) {
  PatientDateContext context;
  if (policy.mode == DateMode::shift) {
    context.shift_days = date_shift_days(key, patient_pseudonym, policy.max_shift_days);
  }
  context.reference_value = std::move(reference_value);
  return context;
}

bool missing_reference(const DatePolicy& policy, const PatientDateContext& patient) {
  return policy.mode == DateMode::interval && !policy.reference_variable.empty() &&
         patient.reference_value.empty();
}

core::Result<std::int64_t> transform_day(const DatePolicy& policy, const PatientDateContext& patient,
                                         std::string_view value) {
  if (policy.mode == DateMode::interval) {
    if (missing_reference(policy, patient)) {
      return core::bad_input(fmt::format(
          "cannot recode '{}' as an interval: the patient has no value for reference variable '{}'",
          value, policy.reference_variable));
    }
    return interval_days(value, policy.reference_variable.empty() ? std::string_view(policy.reference)
                                                                  : patient.reference_value);
  }
  core::Result<std::int64_t> day = epoch_days(value);
  if (!day) return core::fail(day.error());
  return policy.mode == DateMode::shift ? *day + patient.shift_days : *day;
}

core::Result<std::string> transform_date(const DatePolicy& policy,
                                         const PatientDateContext& patient,
                                         std::string_view value) {
  if (value.empty()) return std::string();
  switch (policy.mode) {
    case DateMode::keep: {
      core::Result<std::int64_t> valid = epoch_days(value);
      if (!valid) return core::fail(valid.error());
      return std::string(value);
    }
    case DateMode::shift:
      return shift_date(value, patient.shift_days);  // keeps the time of day
    case DateMode::interval: {
      core::Result<std::int64_t> days = transform_day(policy, patient, value);
      if (!days) return core::fail(days.error());
      return std::to_string(*days);
    }
  }
  return std::string(value);
}

}  // namespace oncoshare::privacy
