// Eras: a person's occurrences of one concept at most 30 days apart make one era.
#include <gtest/gtest.h>

#include "omop/eras.hpp"

namespace oncoshare::omop {
namespace {

TEST(Eras, OccurrencesWithinThePersistenceWindowMerge) {
  // Concept 7: days 0-10 and 40-45 (30 days after day 10) merge; day 100 starts a new era.
  const auto eras = build_eras({{7, 100, 100}, {7, 40, 45}, {7, 0, 10}, {9, 5, 5}});
  ASSERT_EQ(eras.size(), 3u);
  EXPECT_EQ(eras[0].concept_id, 7);
  EXPECT_EQ(eras[0].start, 0);
  EXPECT_EQ(eras[0].end, 45);
  EXPECT_EQ(eras[0].occurrences, 2);
  EXPECT_EQ(eras[0].gap_days, 29);  // days 11-39
  EXPECT_EQ(eras[1].start, 100);
  EXPECT_EQ(eras[1].occurrences, 1);
  EXPECT_EQ(eras[1].gap_days, 0);
  EXPECT_EQ(eras[2].concept_id, 9);
}

TEST(Eras, OneDayTooLateIsANewEraAndOverlapsLeaveNoGap) {
  EXPECT_EQ(build_eras({{3, 0, 10}, {3, 41, 41}}).size(), 2u);
  const auto overlapping = build_eras({{3, 0, 20}, {3, 5, 10}, {3, 15, 30}});
  ASSERT_EQ(overlapping.size(), 1u);
  EXPECT_EQ(overlapping[0].end, 30);
  EXPECT_EQ(overlapping[0].occurrences, 3);
  EXPECT_EQ(overlapping[0].gap_days, 0);
}

TEST(Eras, ConceptZeroMakesNoEraAndAnEndBeforeTheStartCountsAsTheStart) {
  EXPECT_TRUE(build_eras({{0, 0, 10}}).empty());
  const auto eras = build_eras({{4, 10, 5}});
  ASSERT_EQ(eras.size(), 1u);
  EXPECT_EQ(eras[0].end, 10);
}

}  // namespace
}  // namespace oncoshare::omop
