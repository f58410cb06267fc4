// Range checks against min/max written as Excel leaves them in a dictionary ("1/31/19",
// "6:00"): values are compared with the date or time the bound means, not its text.
#include <gtest/gtest.h>

#include "dictionary/validation.hpp"
#include "quality/value_checks.hpp"

namespace oncoshare::quality {
namespace {

dictionary::Validation bounded(std::string_view type, std::string min, std::string max) {
  dictionary::Validation v = dictionary::parse_validation(type, dictionary::FieldType::text);
  v.min = std::move(min);
  v.max = std::move(max);
  return v;
}

TEST(SpreadsheetBounds, DateBoundsInMonthDayYear) {
  const auto v = bounded("date_dmy", "1/1/19", "1/31/19");
  EXPECT_EQ(check_range(v, "2019-01-15", ""), std::nullopt);
  EXPECT_EQ(check_range(v, "2019-01-31", ""), std::nullopt);
  EXPECT_EQ(check_range(v, "2018-12-31", ""), "below min 1/1/19");
  EXPECT_EQ(check_range(v, "2019-02-01", ""), "above max 1/31/19");
}

TEST(SpreadsheetBounds, DatetimeSecondsBoundWithoutSeconds) {
  const auto v = bounded("datetime_seconds_ymd", "1/1/19 9:00", "1/1/19 9:15");
  EXPECT_EQ(check_range(v, "2019-01-01 09:10:00", ""), std::nullopt);
  EXPECT_EQ(check_range(v, "2019-01-01 09:15:01", ""), "above max 1/1/19 9:15");
  EXPECT_EQ(check_range(v, "2019-01-01 08:59:59", ""), "below min 1/1/19 9:00");
}

TEST(SpreadsheetBounds, TimeBoundsWithOneDigitHours) {
  const auto v = bounded("time", "6:00", "8:00");
  EXPECT_EQ(check_range(v, "07:30", ""), std::nullopt);
  EXPECT_EQ(check_range(v, "05:59", ""), "below min 6:00");
  EXPECT_EQ(check_range(v, "08:01", ""), "above max 8:00");
}

}  // namespace
}  // namespace oncoshare::quality
