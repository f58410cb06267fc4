// REDCap's built-in validation types and the min/max spellings a dictionary may use.
#include "dictionary/validation.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace oncoshare::dictionary {
namespace {

Validation of(std::string_view name, FieldType type = FieldType::text) {
  return parse_validation(name, type);
}

std::optional<std::string> canonical(std::string_view type, std::string_view bound) {
  return canonical_bound(of(type), bound);
}

// Every row of REDCap's redcap_validation_types (version 15) and "autocomplete" is known.
TEST(Validation, EveryBuiltInTypeIsKnown) {
  for (const char* name :
       {"alpha_only", "date_dmy", "date_mdy", "date_ymd", "datetime_dmy", "datetime_mdy",
        "datetime_ymd", "datetime_seconds_dmy", "datetime_seconds_mdy", "datetime_seconds_ymd",
        "email", "integer", "mrn_10d", "mrn_generic", "number", "number_1dp", "number_2dp",
        "number_3dp", "number_4dp", "number_comma_decimal", "number_1dp_comma_decimal",
        "number_2dp_comma_decimal", "number_3dp_comma_decimal", "number_4dp_comma_decimal",
        "phone", "phone_australia", "phone_france", "phone_uk", "postalcode_australia",
        "postalcode_canada", "postalcode_french", "postalcode_germany", "postalcode_uk", "ssn",
        "time", "time_hh_mm_ss", "time_mm_ss", "vmrn", "zipcode", "signature", "autocomplete"}) {
    EXPECT_NE(of(name).kind, ValidationKind::other) << name;
  }
  EXPECT_EQ(of("autocomplete", FieldType::dropdown).kind, ValidationKind::autocomplete);
  EXPECT_EQ(of("number_1dp_comma_decimal").decimals, 1);
  EXPECT_EQ(of("text_0_200").kind, ValidationKind::other);  // project-defined
  EXPECT_EQ(of("mrn_8d").kind, ValidationKind::other);
}

TEST(Validation, DateBoundsInEveryAcceptedSpelling) {
  EXPECT_EQ(canonical("date_ymd", "2019-01-31"), "2019-01-31");
  EXPECT_EQ(canonical("date_ymd", "2019/1/31"), "2019-01-31");
  EXPECT_EQ(canonical("date_dmy", "1/31/19"), "2019-01-31");  // Excel's M/D/Y, any field order
  EXPECT_EQ(canonical("date_dmy", "1/1/19"), "2019-01-01");
  EXPECT_EQ(canonical("date_mdy", "12/31/1999"), "1999-12-31");
  EXPECT_EQ(canonical("date_ymd", "7/4/76"), "1976-07-04");  // 30-99: 19xx
  EXPECT_EQ(canonical("date_ymd", "7/4/29"), "2029-07-04");  // 00-29: 20xx
  EXPECT_EQ(canonical("date_dmy", "31-12-2020"), "2020-12-31");  // the field's own order
  EXPECT_EQ(canonical("date_mdy", "12-31-2020"), "2020-12-31");
  EXPECT_EQ(canonical("date_ymd", "today"), "today");
  EXPECT_EQ(canonical("date_ymd", "[visit_date]"), "[visit_date]");
}

TEST(Validation, DateBoundsThatAreNoDate) {
  EXPECT_EQ(canonical("date_ymd", "2023-02-30"), std::nullopt);  // no such day
  EXPECT_EQ(canonical("date_dmy", "31/12/2020"), std::nullopt);  // slashes are M/D/Y
  EXPECT_EQ(canonical("date_ymd", "31-12-2020"), std::nullopt);  // not date_ymd's order
  EXPECT_EQ(canonical("date_dmy", "31-12-20"), std::nullopt);    // dashes need 4-digit years
  EXPECT_EQ(canonical("date_ymd", "1/1/190"), std::nullopt);
  EXPECT_EQ(canonical("date_ymd", "1//19"), std::nullopt);
  EXPECT_EQ(canonical("date_ymd", "2019-01-01 10:00"), std::nullopt);
}

TEST(Validation, DatetimeAndTimeBounds) {
  EXPECT_EQ(canonical("datetime_mdy", "1/1/19 10:00"), "2019-01-01 10:00");
  EXPECT_EQ(canonical("datetime_mdy", "1/1/19 15:36"), "2019-01-01 15:36");
  EXPECT_EQ(canonical("datetime_ymd", "2019-01-01 9:05"), "2019-01-01 09:05");
  EXPECT_EQ(canonical("datetime_ymd", "2019-01-01 09:05:00"), std::nullopt);
  EXPECT_EQ(canonical("datetime_seconds_ymd", "1/1/19 9:00"), "2019-01-01 09:00:00");
  EXPECT_EQ(canonical("datetime_seconds_ymd", "2019-01-01 09:15:30"), "2019-01-01 09:15:30");
  EXPECT_EQ(canonical("datetime_seconds_dmy", "31-01-2019 23:59:59"), "2019-01-31 23:59:59");
  EXPECT_EQ(canonical("datetime_ymd", "2019-01-01 24:00"), std::nullopt);
  EXPECT_EQ(canonical("time", "6:00"), "06:00");
  EXPECT_EQ(canonical("time", "23:59"), "23:59");
  EXPECT_EQ(canonical("time", "6:0"), std::nullopt);
  EXPECT_EQ(canonical("time", "06:00:00"), std::nullopt);
  EXPECT_EQ(canonical("time_hh_mm_ss", "6:00:05"), "06:00:05");
  EXPECT_EQ(canonical("time_hh_mm_ss", "06:00"), std::nullopt);
  EXPECT_EQ(canonical("time_mm_ss", "5:30"), "05:30");
  EXPECT_EQ(canonical("time_mm_ss", "60:00"), std::nullopt);
}

TEST(Validation, NumberBoundsStayAsWritten) {
  EXPECT_EQ(canonical("number_1dp_comma_decimal", "1,0"), "1,0");
  EXPECT_EQ(canonical("number", "5.505"), "5.505");
  EXPECT_EQ(canonical("integer", "1.5"), std::nullopt);
  EXPECT_EQ(canonical("email", "1"), std::nullopt);
}

TEST(Validation, BoundsCompareByWhatTheyMean) {
  // As text "1/31/19" < "1/4/19"; as dates it is later.
  EXPECT_EQ(compare_bounds(of("date_dmy"), "1/31/19", "1/4/19"), 1);
  EXPECT_EQ(compare_bounds(of("date_ymd"), "1/1/19", "2019-01-01"), 0);
  EXPECT_EQ(compare_bounds(of("time"), "9:00", "10:00"), -1);
  EXPECT_EQ(compare_bounds(of("datetime_seconds_ymd"), "1/1/19 9:15", "1/1/19 9:00"), 1);
  EXPECT_EQ(compare_bounds(of("date_ymd"), "today", "2019-01-01"), std::nullopt);
}

TEST(Validation, MessagesNameTheAcceptedSpellings) {
  EXPECT_EQ(check_bound(of("date_dmy"), "31/12/2020"),
            "a real date as Y-M-D, M/D/Y or D-M-Y, 'today' or 'now'");
  EXPECT_EQ(check_bound(of("datetime_seconds_mdy"), "x"),
            "a real date and time as Y-M-D, M/D/Y or M-D-Y followed by H:MM:SS or H:MM, 'today' "
            "or 'now'");
  EXPECT_EQ(check_bound(of("time"), "25:00"), "a time as H:MM or HH:MM (00:00 to 23:59)");
  EXPECT_EQ(check_bound(of("date_dmy"), "1/31/19"), std::nullopt);
}

}  // namespace
}  // namespace oncoshare::dictionary
