// Discrete-log table range edges and negative values; Skellam noise statistics.
#include <cmath>

#include "test_support.hpp"

namespace oncoshare::secure {
namespace {

Point times_g(std::int64_t m) { return base_mul(Scalar::from_int(m)); }

TEST(Dlog, RangeEdgesAndNegativeValues) {
  auto table = DlogTable::create({1000, 16});
  ASSERT_TRUE(table);
  for (std::int64_t m : {0, 1, -1, 15, 16, 17, -16, -17, 500, -500, 999, -999}) {
    auto solved = table->solve(times_g(m));
    ASSERT_TRUE(solved) << m;
    EXPECT_EQ(*solved, m);
  }
  for (std::int64_t m : {1000, -1000, 5000}) {
    auto solved = table->solve(times_g(m));
    ASSERT_FALSE(solved) << m;
    EXPECT_EQ(solved.error().message, "plaintext outside ±1000 (wrong key, too few shares, or an overflowing sum)");
  }
}

TEST(Dlog, DefaultRangeIsTwoToThe32) {
  auto table = DlogTable::create();
  ASSERT_TRUE(table);
  const std::int64_t edge = (std::int64_t{1} << 32) - 1;
  EXPECT_EQ(*table->solve(times_g(edge)), edge);
  EXPECT_EQ(*table->solve(times_g(-edge)), -edge);
  // (Out-of-range failures walk every giant step; they are tested on the small table above.)
}

TEST(Dlog, ParameterErrors) {
  EXPECT_EQ(DlogTable::create({0, 16}).error().message, "dlog bound 0 outside [1, 2^48]");
  EXPECT_EQ(DlogTable::create({100, 0}).error().message, "dlog table size 0 outside [1, 2^26]");
}

TEST(Noise, PoissonMeanAndVariance) {
  // Poisson(7/3): mean = variance = 2.333.
  constexpr int kSamples = 40000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < kSamples; ++i) {
    const auto v = static_cast<double>(*sample_poisson(7, 3));
    sum += v;
    sum_sq += v * v;
  }
  const double mean = sum / kSamples;
  const double var = sum_sq / kSamples - mean * mean;
  EXPECT_NEAR(mean, 7.0 / 3, 0.04);  // ~5 standard errors
  EXPECT_NEAR(var, 7.0 / 3, 0.12);
}

TEST(Noise, SummedSkellamSharesHaveTheTargetDistribution) {
  // Five nodes each add Skellam(mu / 5); the total must be Skellam(mu = 12): mean 0,
  // variance 12, and P(0) = e^-12 I_0(12) = 0.11486.
  const SkellamParams params{12, 1, 5};
  constexpr int kTrials = 20000;
  double sum = 0, sum_sq = 0;
  int zeros = 0;
  for (int t = 0; t < kTrials; ++t) {
    auto shares = sample_skellam_shares(params, 5);
    ASSERT_TRUE(shares);
    std::int64_t total = 0;
    for (std::int64_t s : *shares) total += s;
    sum += static_cast<double>(total);
    sum_sq += static_cast<double>(total * total);
    zeros += total == 0;
  }
  const double mean = sum / kTrials;
  const double var = sum_sq / kTrials - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.15);   // sd of the mean = sqrt(12 / 20000) = 0.024
  EXPECT_NEAR(var, 12.0, 0.6);    // sd of the variance ~ 12·sqrt(2 / 20000) = 0.12
  EXPECT_NEAR(static_cast<double>(zeros) / kTrials, std::exp(-12.0) * std::cyl_bessel_i(0.0, 12.0), 0.012);
}

TEST(Noise, EncryptedNoiseSharesDecryptToCountPlusNoise) {
  // As a node does it: its share goes into the plaintext before encryption.
  auto shares = sample_skellam_shares({2, 1, 1}, 200);
  ASSERT_TRUE(shares);
  std::vector<std::int64_t> noisy(200, 50);
  for (std::size_t k = 0; k < noisy.size(); ++k) noisy[k] += (*shares)[k];
  const CiphertextVector counts = Encryptor(test::federation().key.public_key).encrypt(noisy);
  auto result = combine(test::federation().key, counts, test::partials(counts, {1, 2, 3}), test::small_table());
  ASSERT_TRUE(result);
  double sum = 0;
  int changed = 0;
  for (std::int64_t v : result->values) {
    sum += static_cast<double>(v - 50);
    changed += v != 50;
  }
  EXPECT_GT(changed, 100);  // P(Skellam(2) = 0) = 0.31
  EXPECT_NEAR(sum / 200, 0.0, 0.6);
}

TEST(Noise, ParameterErrors) {
  EXPECT_EQ(validate(SkellamParams{1, 1, 0}).error().to_string(), "field 'nodes': nodes 0 outside [1, 1024]");
  EXPECT_EQ(validate(SkellamParams{1, 0, 1}).error().to_string(),
            "field 'mu_denominator': denominator 0 outside [1, 2^31 / nodes]");
  EXPECT_EQ(validate(SkellamParams{std::uint64_t{1} << 40, 1, 1}).error().to_string(),
            "field 'mu': rate 1099511627776/2 exceeds 2^18");
  EXPECT_EQ(sample_poisson(1, 0).error().to_string(), "field 'lambda': denominator 0 outside [1, 2^32]");
  EXPECT_EQ(*sample_poisson(0, 5), 0);
}

}  // namespace
}  // namespace oncoshare::secure
