#include "privacy/dates.hpp"

#include <fmt/format.h>

#include "dictionary/logic/dates.hpp"

namespace oncoshare::privacy {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

core::Error bad_date(std::string_view value) {
  return core::bad_input(
      fmt::format("invalid date '{}': expected YYYY-MM-DD[ HH:MM[:SS]]", value));
}

}  // namespace

core::Result<DateMode> parse_date_mode(std::string_view text) {
  if (text == "keep") return DateMode::keep;
  if (text == "shift") return DateMode::shift;
  if (text == "interval") return DateMode::interval;
  return core::bad_input(
      fmt::format("unknown date mode '{}': expected keep, shift or interval", text));
}

core::Result<std::int64_t> epoch_days(std::string_view value) {
  // ISO only: REDCap exports dates as YYYY-MM-DD whatever the display format.
  const auto when = dictionary::logic::parse_datetime(value);
  if (!when) return bad_date(value);
  const auto seconds = static_cast<std::int64_t>(dictionary::logic::to_seconds(*when));
  return (seconds - when->seconds) / kSecondsPerDay;
}

std::string iso_date(std::int64_t days) {
  // Howard Hinnant's civil_from_days.
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

core::Result<std::string> shift_date(std::string_view value, std::int32_t days) {
  core::Result<std::int64_t> base = epoch_days(value);
  if (!base) return core::fail(base.error());
  std::string shifted = iso_date(*base + days);
  if (!epoch_days(shifted)) {  // outside years 0001-9999
    return core::bad_input(fmt::format("date '{}' shifted by {} days leaves years 0001-9999",
                                       value, days));
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
      return shift_date(value, patient.shift_days);
    case DateMode::interval: {
      if (!policy.reference_variable.empty() && patient.reference_value.empty()) {
        return core::bad_input(fmt::format(
            "cannot recode '{}' as an interval: the patient has no value for reference "
            "variable '{}'",
            value, policy.reference_variable));
      }
      const std::string_view reference =
          policy.reference_variable.empty() ? policy.reference : patient.reference_value;
      core::Result<std::int64_t> days = interval_days(value, reference);
      if (!days) return core::fail(days.error());
      return std::to_string(*days);
    }
  }
  return std::string(value);
}

}  // namespace oncoshare::privacy
