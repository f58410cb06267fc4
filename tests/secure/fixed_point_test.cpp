// Fixed-point ring encoding for secure aggregation: exact round trips, rounding bound,
// headroom for 2^20 summands, Hessian-like sums at 1e-12 relative, and exact errors.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "secure/fixed_point.hpp"

namespace oncoshare::secure {
namespace {

FixedPoint codec(std::uint32_t bits = kDefaultFractionalBits) { return *FixedPoint::create(bits); }

TEST(FixedPoint, DyadicValuesRoundTripExactly) {
  const std::vector<double> values = {0.0, 1.5, -2.25, 0x1p-60, -0x1p-64, 123456.75, -0x1.fffffffffffffp61, 0x1p40};
  auto ring = codec().encode(values);
  ASSERT_TRUE(ring) << ring.error().to_string();
  EXPECT_EQ((*ring)[1], static_cast<u128>(3) << 63);  // 1.5 · 2^64
  EXPECT_EQ((*ring)[2], ~(static_cast<u128>(9) << 62) + 1);  // -2.25 · 2^64 in two's complement
  EXPECT_EQ(codec().decode(*ring), values);
}

TEST(FixedPoint, RoundingErrorIsAtMostHalfAUnit) {
  const std::vector<double> values = {1.0 / 3.0, -1.0 / 7.0, 1e-25, 3.14159};
  const FixedPoint c = codec(16);
  const std::vector<double> back = c.decode(*c.encode(values));
  for (std::size_t k = 0; k < values.size(); ++k) EXPECT_LE(std::fabs(back[k] - values[k]), 0x1p-17) << k;
  EXPECT_EQ(back[2], 0.0);  // below the resolution 2^-16
  EXPECT_EQ(back[0], 21845.0 / 65536.0);
}

TEST(FixedPoint, TwoToTheTwentySummandsOfTwoToTheFortyDoNotOverflow) {
  const double big = 0x1p40 - 1.0;
  const std::vector<double> values = {big, -big};
  const auto ring = *codec().encode(values);
  std::vector<u128> sum(2, 0);
  for (int k = 0; k < (1 << 20); ++k) {
    sum[0] += ring[0];
    sum[1] += ring[1];
  }
  EXPECT_EQ(codec().decode(sum), (std::vector<double>{big * 0x1p20, -big * 0x1p20}));
}

TEST(FixedPoint, HessianLikeSumsKeepRelativePrecision) {
  // 10 sites, each the upper triangle of X^T W X (21 covariates, 500 patients) with
  // covariates on scales from 1e-2 to 1e2, so entries span ~12 orders of magnitude.
  std::mt19937_64 rng(20240611);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> weight(0.01, 0.25);
  const FixedPoint c = codec();
  std::vector<u128> ring_sum(231, 0);
  std::vector<long double> exact(231, 0.0L);
  for (int site = 0; site < 10; ++site) {
    std::vector<double> h(231, 0.0);
    for (int patient = 0; patient < 500; ++patient) {
      double x[21];
      for (int j = 0; j < 21; ++j) x[j] = normal(rng) * std::pow(10.0, j % 5 - 2) + (j == 0 ? 1.0 : 0.0);
      const double w = weight(rng);
      for (int a = 0, k = 0; a < 21; ++a)
        for (int b = a; b < 21; ++b, ++k) h[k] += w * x[a] * x[b];
    }
    const auto ring = *c.encode(h);
    for (std::size_t k = 0; k < 231; ++k) {
      ring_sum[k] += ring[k];
      exact[k] += h[k];
    }
  }
  const std::vector<double> got = c.decode(ring_sum);
  for (std::size_t k = 0; k < 231; ++k) {
    EXPECT_LE(std::fabs(got[k] - static_cast<double>(exact[k])), 1e-12 * std::fabs(static_cast<double>(exact[k])))
        << "element " << k << " exact " << static_cast<double>(exact[k]);
  }
}

TEST(FixedPoint, RejectsNonFiniteAndOutOfRangeNamingTheElement) {
  const FixedPoint c = codec();
  EXPECT_EQ(c.max_magnitude(), 0x1p62);
  auto nan = c.encode(std::vector<double>{1.0, 2.0, std::nan("")});
  ASSERT_FALSE(nan);
  EXPECT_EQ(nan.error().message, "element 2: nan is not a finite number with magnitude below 2^62");
  auto inf = c.encode(std::vector<double>{-INFINITY});
  ASSERT_FALSE(inf);
  EXPECT_EQ(inf.error().message, "element 0: -inf is not a finite number with magnitude below 2^62");
  auto big = c.encode(std::vector<double>{0.0, -0x1p62});
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().message, "element 1: -4.611686018427388e+18 is not a finite number with magnitude below 2^62");
  EXPECT_TRUE(codec(32).encode(std::vector<double>{0x1p93}));
  auto bits = FixedPoint::create(101);
  ASSERT_FALSE(bits);
  EXPECT_EQ(bits.error().message, "fixed point: 101 fractional bits, expected at most 100");
}

}  // namespace
}  // namespace oncoshare::secure
