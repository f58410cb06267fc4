#include "core/civil_date.hpp"

#include <gtest/gtest.h>

namespace oncoshare::core {
namespace {

TEST(CivilDate, LeapYearsAndMonthLengths) {
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_TRUE(is_leap_year(2000));   // divisible by 400
  EXPECT_FALSE(is_leap_year(1900));  // a century
  EXPECT_FALSE(is_leap_year(2023));
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(1900, 2), 28);
  EXPECT_EQ(days_in_month(2023, 4), 30);
  EXPECT_EQ(days_in_month(2023, 12), 31);
  EXPECT_EQ(days_in_month(2023, 0), 0);
  EXPECT_EQ(days_in_month(2023, 13), 0);
  EXPECT_TRUE(is_valid_date(2024, 2, 29));
  EXPECT_FALSE(is_valid_date(2021, 2, 29));
  EXPECT_FALSE(is_valid_date(2021, 2, 30));
  EXPECT_FALSE(is_valid_date(2021, 4, 0));
}

TEST(CivilDate, DayCountsBothWays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2000, 2, 29), 11016);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(2024, 2, 29), 19782);
  EXPECT_EQ(days_from_civil(1900, 1, 1), -25567);
  EXPECT_EQ(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28), 1);  // no 1900-02-29
  EXPECT_EQ(days_from_civil(1600, 2, 29), -135081);
  EXPECT_EQ(days_from_civil(1, 1, 1), -719162);
  EXPECT_EQ(days_from_civil(9999, 12, 31), 2932896);
  EXPECT_EQ(format_iso_date(19782), "2024-02-29");
  EXPECT_EQ(format_iso_date(-1), "1969-12-31");
  EXPECT_EQ(format_iso_date(-25508), "1900-03-01");
  EXPECT_EQ(format_iso_date(-100000), "1696-03-17");
  EXPECT_EQ(format_iso_date(-719162), "0001-01-01");
  EXPECT_EQ(format_iso_date(2932896), "9999-12-31");
  EXPECT_EQ(format_iso_date(2932897), "10000-01-01");
  const CivilDate date = civil_from_days(-135081);
  EXPECT_EQ(date.year, 1600);
  EXPECT_EQ(date.month, 2);
  EXPECT_EQ(date.day, 29);
  for (std::int64_t d = -800000; d <= 3000000; d += 997) {
    const CivilDate c = civil_from_days(d);
    ASSERT_TRUE(is_valid_date(c.year, c.month, c.day)) << d;
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), d);
  }
}

TEST(CivilDate, ParsesIsoDatesAndTimes) {
  auto when = parse_iso_datetime("2024-02-29");
  ASSERT_TRUE(when);
  EXPECT_EQ(when->days, 19782);
  EXPECT_EQ(when->seconds, 0);
  EXPECT_FALSE(when->has_time);
  when = parse_iso_datetime("1969-12-31 23:59");
  ASSERT_TRUE(when);
  EXPECT_EQ(when->days, -1);
  EXPECT_EQ(when->seconds, 86340);
  EXPECT_TRUE(when->has_time);
  EXPECT_FALSE(when->has_seconds);
  EXPECT_EQ(epoch_seconds(*when), -60);
  when = parse_iso_datetime("2000-01-01T00:00:59");
  ASSERT_TRUE(when);
  EXPECT_EQ(epoch_seconds(*when), 10957 * kSecondsPerDay + 59);
  EXPECT_TRUE(when->has_seconds);
  EXPECT_EQ(parse_iso_date("0001-01-01"), -719162);
  EXPECT_EQ(parse_iso_date("9999-12-31"), 2932896);
  EXPECT_EQ(parse_iso_date("2000-01-01 10:00"), std::nullopt);  // a date only
}

TEST(CivilDate, RejectsImpossibleDatesAndBadFormats) {
  for (const char* bad : {"2021-02-30", "2021-02-29", "1900-02-29", "2021-13-01", "2021-00-10", "2021-04-31",
                          "2021-01-00", "0000-01-01", "2021-1-05", "21-01-05", "2021/01/05", "05-01-2021",
                          "2021-01-05 24:00", "2021-01-05 10:60", "2021-01-05 10:00:60", "2021-01-05 9:00",
                          "2021-01-05 10:00 ", "2021-01-05x10:00", "2021-01-05 ", "+021-01-05", "2021-01-0a",
                          "", "today"}) {
    EXPECT_EQ(parse_iso_datetime(bad).has_value(), false) << bad;
  }
}

TEST(CivilDate, FormatsWhatItParses) {
  for (const char* text : {"2024-02-29", "1899-12-31 07:05", "2000-01-01 23:59:59"}) {
    const auto when = parse_iso_datetime(text);
    ASSERT_TRUE(when) << text;
    EXPECT_EQ(format_iso_datetime(*when), text);
  }
  EXPECT_EQ(format_iso_datetime(*parse_iso_datetime("2024-02-29T12:30")), "2024-02-29 12:30");
}

}  // namespace
}  // namespace oncoshare::core
