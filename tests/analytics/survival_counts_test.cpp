// Survival counts refuse a time variable with negative values naming the variable and the
// rule: the message reaches the researcher, so it must carry neither the record nor its value.
#include <algorithm>

#include "analytics/test_support.hpp"

namespace oncoshare::analytics {
namespace {

TEST(SurvivalCounts, NegativeTimeIsRefusedWithoutTheRecordOrItsValue) {
  StudyTable table = test::load({test::site_file(1)});
  StudyColumn* time = table.find("survival_days");
  ASSERT_NE(time, nullptr);
  // A patient with a survival time (and so an event status): the check is reached.
  const auto with_time = std::find_if(time->numbers.begin(), time->numbers.end(), [](double t) { return t >= 0; });
  ASSERT_NE(with_time, time->numbers.end());
  const auto row = static_cast<std::size_t>(with_time - time->numbers.begin());
  time->numbers[row] = -1234.5;

  auto counts = survival_counts(table, Filter{}, SurvivalQuery{}, {30, 60});
  ASSERT_FALSE(counts.has_value());
  EXPECT_EQ(counts.error().message,
            "'survival_days' is negative for a patient the filter keeps: survival times must be 0 or more");
  EXPECT_EQ(counts.error().where.field, "survival_days");
  EXPECT_EQ(counts.error().to_string().find(table.record_ids[row]), std::string::npos) << counts.error().to_string();
  EXPECT_EQ(counts.error().to_string().find("1234"), std::string::npos) << counts.error().to_string();

  // A filter leaving that patient out: every patient it keeps is counted, at risk or excluded.
  auto others = survival_counts(table, test::filter(table, "survival_days >= 0"), SurvivalQuery{}, {30, 60});
  ASSERT_TRUE(others.has_value()) << others.error().to_string();
  const auto kept = std::count_if(time->numbers.begin(), time->numbers.end(), [](double t) { return t >= 0; });
  EXPECT_GT(kept, 100);
  EXPECT_EQ(others->at_risk[0] + others->excluded, kept);
}

}  // namespace
}  // namespace oncoshare::analytics
