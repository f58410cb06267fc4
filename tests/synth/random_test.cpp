#include "synth/random.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

namespace oncoshare::synth {
namespace {

TEST(Rng, SequenceIsFixedForASeed) {
  // Pinned values: a change here changes every cohort ever generated.
  Rng a(42), b(42), c(43), d(42, 1);
  const std::uint64_t first = a.next();
  EXPECT_EQ(first, b.next());
  EXPECT_NE(first, c.next());
  EXPECT_NE(first, d.next());
  EXPECT_EQ(Rng(0).next(), Rng(0).next());
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xe220a8397b1dcdafULL);  // SplitMix64 reference output for seed 0
}

TEST(Rng, UniformIntCoversItsRangeOnly) {
  Rng rng(7);
  std::array<int, 6> seen{};
  for (int i = 0; i < 6000; ++i) {
    const auto v = rng.uniform_int(-2, 3);
    ASSERT_GE(v, -2);
    ASSERT_LE(v, 3);
    ++seen[static_cast<std::size_t>(v + 2)];
  }
  for (int count : seen) EXPECT_NEAR(count, 1000, 150);
  EXPECT_EQ(rng.uniform_int(5, 5), 5);
}

TEST(Rng, DistributionsHaveTheirMoments) {
  Rng rng(9);
  double sum = 0, sum2 = 0, exp_sum = 0;
  const int n = 50000;
  for (int i = 0; i < n; ++i) {
    const double z = rng.normal();
    sum += z;
    sum2 += z * z;
    exp_sum += rng.exponential(2.0);
  }
  EXPECT_NEAR(sum / n, 0.0, 0.02);
  EXPECT_NEAR(sum2 / n, 1.0, 0.03);
  EXPECT_NEAR(exp_sum / n, 0.5, 0.01);
  const std::array<double, 3> weights{1.0, 0.0, 3.0};
  std::array<int, 3> counts{};
  for (int i = 0; i < 4000; ++i) ++counts[rng.categorical(weights)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[2] / 4000.0, 0.75, 0.03);
}

}  // namespace
}  // namespace oncoshare::synth
