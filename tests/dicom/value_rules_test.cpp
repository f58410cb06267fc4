#include "dicom/detail/value_rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "dicom/detail/cleaner.hpp"
#include "privacy/dates.hpp"

namespace oncoshare::dicom::detail {
namespace {

TEST(ValueRules, DummiesAreValidForTheirVr) {
  EXPECT_EQ(dummy_value("DA"), "19000101");
  EXPECT_EQ(dummy_value("TM"), "000000");
  EXPECT_EQ(dummy_value("PN"), "ANONYMOUS");
  EXPECT_EQ(dummy_value("AS"), "000D");
  EXPECT_EQ(dummy_value("US"), "0");
  EXPECT_FALSE(dummy_value("OB"));
  EXPECT_FALSE(dummy_value("UN"));
}

TEST(ValueRules, DateShiftAgreesWithPrivacyDateArithmetic) {
  for (const int days : {-137, -1, 1, 59, 365, 3650}) {
    const auto shifted = shift_da("20040229", days);
    ASSERT_TRUE(shifted);
    const auto iso = privacy::shift_date("2004-02-29", days);
    ASSERT_TRUE(iso);
    std::string expected = *iso;
    expected.erase(std::remove(expected.begin(), expected.end(), '-'), expected.end());
    EXPECT_EQ(*shifted, expected) << days;
  }
  EXPECT_EQ(shift_da("20040119\\20050101", 1), "20040120\\20050102");
  EXPECT_FALSE(shift_da("20040230", 1));
  EXPECT_FALSE(shift_da("2004", 1));
  EXPECT_EQ(shift_dt("20040119235959.5+0100", -19), "20031231235959.5+0100");
  EXPECT_FALSE(shift_dt("200401", 1));
}

TEST(Cleaner, RemovesIdentifyingValuesAsWholeWords) {
  Cleaner cleaner;
  cleaner.add("PN", "Doe^Jane^^Dr");
  cleaner.add("LO", "ST MARY HOSPITAL");
  cleaner.add("DA", "20040119");
  cleaner.add("LO", "A");
  EXPECT_EQ(cleaner.clean("CT for jane doe at St Mary Hospital 2004-01-19, Doerfler"),
            "CT for XXXX XXX at XXXXXXXXXXXXXXXX XXXXXXXXXX, Doerfler");
  EXPECT_EQ(cleaner.clean("A chest CT"), "A chest CT");  // one-letter values are not pieces
}

}  // namespace
}  // namespace oncoshare::dicom::detail
