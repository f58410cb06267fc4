// Which instance [first-instance] ... [next-instance] name, and the arm of an event.
#include <gtest/gtest.h>

#include "quality/detail/instances.hpp"

namespace oncoshare::quality::detail {
namespace {

using dictionary::logic::SmartVariable;

TEST(Instances, PickAmongExistingInstances) {
  const std::vector<std::uint32_t> instances{4, 1, 7};  // file order need not be sorted; 2, 3, 5, 6 deleted
  EXPECT_EQ(pick_instance(SmartVariable::first_instance, 4, instances), 1u);
  EXPECT_EQ(pick_instance(SmartVariable::last_instance, 4, instances), 7u);
  EXPECT_EQ(pick_instance(SmartVariable::current_instance, 4, instances), 4u);
  EXPECT_EQ(pick_instance(SmartVariable::previous_instance, 4, instances), 1u);
  EXPECT_EQ(pick_instance(SmartVariable::next_instance, 4, instances), 7u);
  EXPECT_EQ(pick_instance(SmartVariable::previous_instance, 1, instances), 0u);
  EXPECT_EQ(pick_instance(SmartVariable::next_instance, 7, instances), 0u);
  EXPECT_EQ(pick_instance(SmartVariable::current_instance, 5, instances), 0u);
}

TEST(Instances, FromARowThatIsNoInstanceOnlyFirstAndLastExist) {
  const std::vector<std::uint32_t> instances{1, 2};
  EXPECT_EQ(pick_instance(SmartVariable::first_instance, 0, instances), 1u);
  EXPECT_EQ(pick_instance(SmartVariable::last_instance, 0, instances), 2u);
  EXPECT_EQ(pick_instance(SmartVariable::next_instance, 0, instances), 0u);
  EXPECT_EQ(pick_instance(SmartVariable::previous_instance, 0, instances), 0u);
  EXPECT_EQ(pick_instance(SmartVariable::first_instance, 0, {}), 0u);
}

TEST(Instances, RowsOfARepeatingFormOrEvent) {
  std::vector<ingest::Record> rows(5);
  rows[0].event = "base_arm_1";
  rows[1] = {.record_id = "1", .event = "base_arm_1", .repeat_instrument = "visit", .repeat_instance = 1};
  rows[2] = {.record_id = "1", .event = "base_arm_1", .repeat_instrument = "visit", .repeat_instance = 2};
  rows[3] = {.record_id = "1", .event = "base_arm_1", .repeat_instrument = "labs", .repeat_instance = 1};
  rows[4] = {.record_id = "1", .event = "weekly_arm_1", .repeat_instrument = "", .repeat_instance = 3};
  const auto visits = instance_rows(rows, "base_arm_1", "visit");
  ASSERT_EQ(visits.size(), 2u);
  EXPECT_EQ(visits[0], &rows[1]);
  EXPECT_EQ(visits[1], &rows[2]);
  const auto weekly = instance_rows(rows, "weekly_arm_1", "visit");  // a repeating event
  ASSERT_EQ(weekly.size(), 1u);
  EXPECT_EQ(weekly[0], &rows[4]);
  EXPECT_TRUE(instance_rows(rows, "other_arm_1", "visit").empty());
}

TEST(Instances, ArmNumber) {
  EXPECT_EQ(arm_number("baseline_arm_2"), "2");
  EXPECT_EQ(arm_number("screening__enrollm_arm_12"), "12");
  EXPECT_EQ(arm_number(""), "");
  EXPECT_EQ(arm_number("baseline_arm_"), "");
  EXPECT_EQ(arm_number("baseline_arm_2x"), "");
}

}  // namespace
}  // namespace oncoshare::quality::detail
