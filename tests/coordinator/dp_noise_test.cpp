// Differential privacy measured through real nodes: the same queries asked many times, each
// released cell compared with the exact pooled value. The differences must be noise of the
// scale the policy configures (every plaintext answer a full Skellam draw per node; every
// encrypted opening at least the full draw, however few nodes contribute), and the reported
// noise_sd must be that scale exactly.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/ranges.h>

#include "coordinator/policy_federation.hpp"

namespace oncoshare::coordinator {
namespace {

using testing::Federation3;

// epsilon 1 and sensitivity 1 give mu = 2 (1 / 1)^2 = 2 per node; a large budget lets the
// same queries be repeated; min_cell_size 1 keeps small noisy cells in the answers.
constexpr const char* kNoisyPolicy =
    "dp_epsilon = \"1\"\ndp_budget = \"1000\"\nmin_cell_size = 1\nmin_contributors = 2\n";
constexpr double kMu = 2;
constexpr int kRepeats = 35;

// `repeats` copies of a count and of a stage by first treatment crosstab (sensitivity 1 both).
std::string repeated_queries(int repeats) {
  std::string out;
  for (int r = 1; r <= repeats; ++r) {
    out += fmt::format("[[query]]\nname = \"old, advanced {0}\"\ntype = \"count\"\n"
                       "filter = \"stage_group in (3, 4) and age_dx >= 60\"\n\n"
                       "[[query]]\nname = \"stage by treatment {0}\"\ntype = \"crosstab\"\nrows = \"stage_group\"\n"
                       "columns = \"first_treatment\"\n\n",
                       r);
  }
  return out;
}

// Released minus exact, over every cell of every answer of `result`; checks on the way that
// each answer reports `sd` as its noise scale and came from `contributors` nodes.
std::vector<double> noise_draws(const StudyResult& result, const std::vector<std::vector<std::int64_t>>& exact,
                                double sd, std::size_t contributors) {
  std::vector<double> out;
  for (std::size_t q = 0; q < result.queries.size(); ++q) {
    const PooledAnswer& a = result.queries[q].answer;
    EXPECT_EQ(a.contributors.size(), contributors) << a.query.name;
    EXPECT_DOUBLE_EQ(noise_sd(a), sd) << a.query.name;
    EXPECT_EQ(a.noise["distribution"], "skellam");
    EXPECT_EQ(a.noise["sensitivity"], 1);
    EXPECT_EQ(a.noise["epsilon"], "1");
    EXPECT_EQ(a.noise["mu_numerator"].get<double>() / a.noise["mu_denominator"].get<double>(), kMu);
    EXPECT_EQ(a.cells.size(), exact[q].size()) << a.query.name;
    for (std::size_t k = 0; k < a.cells.size() && k < exact[q].size(); ++k) {
      EXPECT_FALSE(a.withheld[k]) << a.query.name << " cell " << k;
      out.push_back(static_cast<double>(a.cells[k] - exact[q][k]));
    }
  }
  return out;
}

// The draws must be centred noise of variance `variance`.
//
// Mean: within 5 standard errors of 0 (false failure 6e-7 for a correct node).
// Variance: the mean square m of n draws (the mean is known to be 0). For Gaussian noise
// n m / variance is chi-square with n degrees of freedom: mean n, standard deviation
// sqrt(2 n). A sum of Skellam shares of total variance v has fourth cumulant v as well
// (each share is a difference of two Poisson variables), so its excess kurtosis 1 / v
// widens that to sqrt((2 + 1 / v) n). By the central limit theorem (n is in the hundreds)
// m / variance lies within 6 such standard deviations of 1 except with probability 2e-9.
// That band must itself be narrower than a factor 2 either way, so a node adding half or
// twice the configured noise fails the test.
void expect_noise_of_variance(const std::vector<double>& draws, double variance, const std::string& what) {
  const auto n = static_cast<double>(draws.size());
  ASSERT_GT(n, 0);
  EXPECT_TRUE(std::any_of(draws.begin(), draws.end(), [](double d) { return d != 0; })) << what << ": no noise at all";
  const double mean = std::accumulate(draws.begin(), draws.end(), 0.0) / n;
  const double mean_square = std::inner_product(draws.begin(), draws.end(), draws.begin(), 0.0) / n;
  const double half_width = 6 * std::sqrt((2 + 1 / variance) / n);
  ASSERT_LT(half_width, 0.5) << what << ": too few draws to tell a factor 2 (" << n << ")";
  fmt::print("{}: {} draws, mean {:.3f}, variance {:.3f} (configured {:.3f}, accepted {:.3f}-{:.3f})\n", what, n, mean,
             mean_square, variance, variance * (1 - half_width), variance * (1 + half_width));
  EXPECT_LE(std::abs(mean), 5 * std::sqrt(variance / n)) << what;
  EXPECT_GE(mean_square, variance * (1 - half_width)) << what;
  EXPECT_LE(mean_square, variance * (1 + half_width)) << what;
}

class DpNoiseTest : public ::testing::Test {
 protected:
  node::testing::ScratchDir dir_;
};

// Plaintext: every node releases its own cells with a full draw of variance mu, so the sum
// over three nodes carries 3 mu.
TEST_F(DpNoiseTest, PlaintextAnswersCarryAFullDrawFromEveryNode) {
  Federation3 nodes(dir_.str(), true, kNoisyPolicy);
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  auto spec = testing::study(ports, "plaintext", repeated_queries(kRepeats));
  auto result = run_study(spec);
  ASSERT_TRUE(result) << result.error().to_string();
  const double variance = 3 * kMu;
  auto draws = noise_draws(*result, testing::pooled_cells(spec, {1, 2, 3}), std::sqrt(variance), 3);
  for (const auto& q : result->queries) EXPECT_EQ(q.answer.noise["shares"], 1);
  expect_noise_of_variance(draws, variance, "plaintext");
}

// Encrypted: each node adds a share of variance mu / min_contributors, so three
// contributions carry 3 mu / 2.
TEST_F(DpNoiseTest, EncryptedOpeningsCarryEveryContributorsShare) {
  Federation3 nodes(dir_.str(), true, kNoisyPolicy);
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  (void)testing::make_key(ports, 2);
  auto spec = testing::study(ports, "encrypted", repeated_queries(kRepeats));
  auto result = run_study(spec);
  ASSERT_TRUE(result) << result.error().to_string();
  const double variance = 3 * kMu / 2;
  auto draws = noise_draws(*result, testing::pooled_cells(spec, {1, 2, 3}), std::sqrt(variance), 3);
  for (const auto& q : result->queries) EXPECT_EQ(q.answer.noise["shares"], 2);
  expect_noise_of_variance(draws, variance, "encrypted, 3 contributors");
}

// A key holder down after key generation: the two remaining contributions, the fewest the
// policy lets be opened, still carry the full configured noise mu between them.
TEST_F(DpNoiseTest, AnOpeningOfTheFewestContributionsStillCarriesTheConfiguredNoise) {
  Federation3 nodes(dir_.str(), true, kNoisyPolicy);
  std::vector<int> ports{nodes.port(1), nodes.port(2), nodes.port(3)};
  (void)testing::make_key(ports, 2);
  nodes.stop(3);
  auto spec = testing::study(ports, "encrypted", repeated_queries(kRepeats));
  auto result = run_study(spec);
  ASSERT_TRUE(result) << result.error().to_string();
  ASSERT_EQ(result->unreachable.size(), 1u);
  auto draws = noise_draws(*result, testing::pooled_cells(spec, {1, 2}), std::sqrt(kMu), 2);
  for (const auto& q : result->queries) EXPECT_GE(noise_sd(q.answer), std::sqrt(kMu)) << q.answer.query.name;
  expect_noise_of_variance(draws, kMu, "encrypted, 2 contributors");
}

// The demo's cohort (3 sites, 3000 patients, seed 42) without defects.
const testing::World& demo_cohort() {
  static const testing::World cohort = node::testing::make_test_federation("oncoshare-dp-demo-cohort", {}, 3, 3000, 42);
  return cohort;
}

// Largest |released - exact| over the cells of `answer` (withheld ones too: encrypted
// openings decrypt every cell before the small-cell rule hides some).
std::int64_t largest_error(const PooledAnswer& answer, const std::vector<std::int64_t>& exact) {
  EXPECT_EQ(answer.cells.size(), exact.size()) << answer.query.name;
  std::int64_t worst = 0;
  for (std::size_t k = 0; k < answer.cells.size() && k < exact.size(); ++k) {
    worst = std::max(worst, std::abs(answer.cells[k] - exact[k]));
  }
  return worst;
}

// Utility under the default policy (epsilon 0.5 per answer, min_contributors 2) on the
// demo's cohort and queries, encrypted as the demo runs them: crosstab mu = 2 (1 / 0.5)^2
// = 8 and Kaplan-Meier (sensitivity 2) mu = 32, each node adding mu / 2, so three
// contributors give standard deviations sqrt(12) and sqrt(48). No cell of a correct
// answer strays 8 standard deviations (probability below 1e-12 over ~1000 cells).
TEST_F(DpNoiseTest, DefaultPolicyKeepsTheDemoStatisticsUseful) {
  testing::PolicyFederation nodes(dir_.str(), [](int k) { return testing::dataset_toml(k, "registry", "", "HMB IRB", demo_cohort()); });
  (void)testing::make_key(nodes.ports(), 2);
  auto spec = testing::study(nodes.ports(), "encrypted", R"(
[[query]]
name = "Patients by stage"
type = "crosstab"
rows = "stage_group"

[[query]]
name = "Overall survival by first treatment"
type = "km"
group = "first_treatment"
grid_step = 30
grid_max = 3660
)");
  auto result = run_study(spec);
  ASSERT_TRUE(result) << result.error().to_string();
  const auto exact = testing::pooled_cells(spec, {1, 2, 3}, demo_cohort());
  const PooledAnswer& crosstab = result->queries[0].answer;
  const PooledAnswer& km = result->queries[1].answer;
  EXPECT_DOUBLE_EQ(noise_sd(crosstab), std::sqrt(12.0));
  EXPECT_DOUBLE_EQ(noise_sd(km), std::sqrt(48.0));
  EXPECT_EQ(crosstab.noise["epsilon"], "0.5");
  EXPECT_EQ(km.noise["sensitivity"], 2);

  const std::int64_t crosstab_error = largest_error(crosstab, exact[0]);
  const std::int64_t km_error = largest_error(km, exact[1]);
  fmt::print("utility: crosstab noise sd {:.1f}, largest error {} (exact cells {})\n", noise_sd(crosstab), crosstab_error,
             fmt::join(exact[0], " "));
  fmt::print("utility: km noise sd {:.1f}, largest error {} ({} cells)\n", noise_sd(km), km_error, km.cells.size());
  EXPECT_LT(static_cast<double>(crosstab_error), 8 * noise_sd(crosstab));
  EXPECT_LT(static_cast<double>(km_error), 8 * noise_sd(km));
  EXPECT_GT(crosstab_error + km_error, 0) << "no noise at all";
  ASSERT_TRUE(result->queries[1].km);  // the noisy counts still make survival curves
}

}  // namespace
}  // namespace oncoshare::coordinator
