// Date transforms: exact day counts, shifts that preserve intervals, bad values.
#include <gtest/gtest.h>

#include "privacy/dates.hpp"
#include "privacy_test_support.hpp"

namespace oncoshare::privacy {
namespace {

TEST(Dates, EpochDaysAndIsoDateAreExactAcrossLeapYears) {
  EXPECT_EQ(*epoch_days("1970-01-01"), 0);
  EXPECT_EQ(*epoch_days("1970-01-02 13:45"), 1);
  EXPECT_EQ(*epoch_days("2000-03-01"), 11017);   // 2000 is a leap year (divisible by 400)
  EXPECT_EQ(*epoch_days("1969-12-31"), -1);
  EXPECT_EQ(iso_date(11017), "2000-03-01");
  EXPECT_EQ(iso_date(-1), "1969-12-31");
  for (std::int64_t d = -719162; d < 2932897; d += 997) {  // years 0001-9999
    EXPECT_EQ(*epoch_days(iso_date(d)), d);
  }
}

TEST(Dates, IntervalModeCountsDaysExactly) {
  EXPECT_EQ(*interval_days("2020-03-01", "2020-02-28"), 2);  // 2020-02-29 exists
  EXPECT_EQ(*interval_days("2021-03-01", "2021-02-28"), 1);
  EXPECT_EQ(*interval_days("1900-03-01", "1900-02-28"), 1);  // 1900 is not a leap year
  EXPECT_EQ(*interval_days("2024-01-01", "2023-01-01"), 365);
  EXPECT_EQ(*interval_days("2025-01-01", "2024-01-01"), 366);
  EXPECT_EQ(*interval_days("2019-06-15", "2020-06-15"), -366);
  DatePolicy policy{DateMode::interval};
  EXPECT_EQ(*transform_date(policy, {}, "2000-01-01"), "10957");
  EXPECT_EQ(*transform_date(policy, {}, "2000-01-01T23:59:59"), "10957");
  EXPECT_EQ(*transform_date(policy, {}, ""), "");

  policy.reference_variable = "diagnosis_date";
  const PatientDateContext patient{0, "2016-02-28"};
  EXPECT_EQ(*transform_date(policy, patient, "2017-02-28"), "366");
  EXPECT_EQ(*transform_date(policy, patient, "2016-02-28"), "0");
  EXPECT_EQ(*transform_date(policy, patient, "2015-12-31"), "-59");
  auto missing = transform_date(policy, PatientDateContext{}, "2017-02-28");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "cannot recode '2017-02-28' as an interval: the patient has no value for "
            "reference variable 'diagnosis_date'");
}

TEST(Dates, ShiftPreservesIntervalsAndTimeOfDayAndIsDeterministicPerKey) {
  const Key key = test::make_key(0x5a);
  const Key other = test::make_key(0x5b);
  const DatePolicy policy{DateMode::shift};
  const std::vector<std::string> events{"2019-12-30", "2020-02-29 08:15", "2021-01-01T23:59:30",
                                        "2023-07-04"};
  int moved_differently = 0;
  for (int p = 0; p < 50; ++p) {
    const std::string pseudo = pseudonym(key, "patient-" + std::to_string(p));
    const PatientDateContext ctx = patient_date_context(policy, key, pseudo);
    EXPECT_NE(ctx.shift_days, 0);
    EXPECT_EQ(ctx.shift_days, patient_date_context(policy, key, pseudo).shift_days);
    if (patient_date_context(policy, other, pseudo).shift_days != ctx.shift_days) {
      ++moved_differently;
    }
    std::vector<std::string> shifted;
    for (const auto& e : events) shifted.push_back(*transform_date(policy, ctx, e));
    EXPECT_EQ(shifted[1].substr(10), " 08:15");
    EXPECT_EQ(shifted[2].substr(10), "T23:59:30");
    EXPECT_EQ(*epoch_days(shifted[0]) - *epoch_days(events[0]), ctx.shift_days);
    for (std::size_t i = 0; i + 1 < events.size(); ++i) {
      EXPECT_EQ(*interval_days(shifted[i + 1], shifted[i]),
                *interval_days(events[i + 1], events[i]));
    }
  }
  EXPECT_GT(moved_differently, 45);
  EXPECT_EQ(*shift_date("2020-02-28 10:00", 1), "2020-02-29 10:00");
  EXPECT_EQ(*shift_date("2020-03-01", -1), "2020-02-29");
  EXPECT_EQ(*shift_date("2021-03-01", -1), "2021-02-28");
}

TEST(Dates, BadValuesAreErrorsNamingTheValue) {
  const DatePolicy shift{DateMode::shift};
  auto bad = transform_date(shift, {}, "2023-02-30");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "invalid date: expected YYYY-MM-DD[ HH:MM[:SS]]");
  bad = transform_date(DatePolicy{DateMode::keep}, {}, "31/12/2020");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "invalid date: expected YYYY-MM-DD[ HH:MM[:SS]]");
  bad = transform_date(DatePolicy{DateMode::interval, "2020-13-01"}, {}, "2021-01-01");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "invalid reference date '2020-13-01': expected YYYY-MM-DD");
  bad = shift_date("9999-12-31", 1);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "the shifted date falls outside years 0001-9999");  // neither date nor shift named
  auto mode = parse_date_mode("blur");
  ASSERT_FALSE(mode);
  EXPECT_EQ(mode.error().message, "unknown date mode 'blur': expected keep, shift or interval");
  EXPECT_EQ(*parse_date_mode("interval"), DateMode::interval);
}

TEST(Dates, TransformDayGivesTheDayFhirWrites) {
  const auto fhir_date = [](const DatePolicy& policy, const PatientDateContext& patient, std::string_view value) {
    core::Result<std::int64_t> day = transform_day(policy, patient, value);
    return day ? iso_date(*day) : day.error().message;
  };
  const DatePolicy keep;
  EXPECT_EQ(fhir_date(keep, {}, "2019-05-20"), "2019-05-20");
  EXPECT_EQ(fhir_date(keep, {}, "2019-05-20 13:45"), "2019-05-20");  // the time is dropped
  EXPECT_EQ(fhir_date(keep, {}, "2023-02-30"), "invalid date: expected YYYY-MM-DD[ HH:MM[:SS]]");
  EXPECT_EQ(fhir_date(keep, {}, "20/05/2019"), "invalid date: expected YYYY-MM-DD[ HH:MM[:SS]]");
  EXPECT_EQ(fhir_date(keep, {}, ""), "invalid date: expected YYYY-MM-DD[ HH:MM[:SS]]");

  const DatePolicy shift{DateMode::shift};
  EXPECT_EQ(fhir_date(shift, PatientDateContext{2, {}}, "2020-02-28"), "2020-03-01");  // across a leap day
  EXPECT_EQ(fhir_date(shift, PatientDateContext{-1, {}}, "2020-01-01T08:00"), "2019-12-31");

  // Intervals are written as the day as far from 1970-01-01 (EuCanImage).
  DatePolicy interval{DateMode::interval};
  interval.reference_variable = "diagnosis_date";
  const PatientDateContext diagnosed{0, "2019-05-20"};
  EXPECT_EQ(fhir_date(interval, diagnosed, "2019-05-30"), "1970-01-11");
  EXPECT_EQ(fhir_date(interval, diagnosed, "2019-05-10"), "1969-12-22");
  EXPECT_FALSE(missing_reference(interval, diagnosed));
  EXPECT_TRUE(missing_reference(interval, {}));
  EXPECT_FALSE(missing_reference(DatePolicy{DateMode::interval}, {}));  // the fixed 1970-01-01
  EXPECT_EQ(fhir_date(interval, {}, "2019-05-10"),
            "cannot recode '2019-05-10' as an interval: the patient has no value for reference variable "
            "'diagnosis_date'");
  EXPECT_EQ(fhir_date(DatePolicy{DateMode::interval, "2019-05-20"}, {}, "2019-05-10"), "1969-12-22");
}

TEST(Dates, ParsesTheDateOptions) {
  auto p = parse_date_policy("interval", "diagnosis_date");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->mode, DateMode::interval);
  EXPECT_EQ(p->reference_variable, "diagnosis_date");
  p = parse_date_policy("interval", "2000-01-01");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->reference, "2000-01-01");
  EXPECT_EQ(p->reference_variable, "");
  p = parse_date_policy("shift", "");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->mode, DateMode::shift);
  EXPECT_EQ(p->reference, "1970-01-01");
  EXPECT_EQ(parse_date_policy("blur", "").error().message, "--dates must be keep, shift or interval, not 'blur'");
  EXPECT_EQ(parse_date_policy("interval", "2000-13-01").error().message,
            "--date-reference '2000-13-01' is neither a date (YYYY-MM-DD) nor a variable name");
  EXPECT_EQ(parse_date_policy("interval", "2000-01-01 10:00").error().message,
            "--date-reference '2000-01-01 10:00' is neither a date (YYYY-MM-DD) nor a variable name");
}

}  // namespace
}  // namespace oncoshare::privacy
