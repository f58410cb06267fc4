// Federated Cox models without R: what sites contribute, the coordinator's diagnostics
// (zero-event site, covariate constant at one site or everywhere, collinearity, monotone
// likelihood, non-convergence), the coarsened grid, masked sums and the text / JSON forms.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "models/cox.hpp"

namespace oncoshare::models {
namespace {

// A site of n rows with covariates x1 (normal), x2 (0/1); exponential times with hazard
// exp(0.5 x1 - 0.7 x2) in whole days, censored at random.
Design make_site(int n, unsigned seed, bool events = true) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform(0, 1);
  Design d;
  d.names = {"x1", "x2"};
  d.x.resize(n, 2);
  d.time.resize(n);
  d.event.resize(n);
  for (int i = 0; i < n; ++i) {
    d.x(i, 0) = normal(rng);
    d.x(i, 1) = uniform(rng) < 0.4 ? 1 : 0;
    const double hazard = std::exp(0.5 * d.x(i, 0) - 0.7 * d.x(i, 1)) / 300;
    const double t = std::ceil(-std::log(uniform(rng)) / hazard);
    const double c = std::ceil(uniform(rng) * 900);
    d.time(i) = std::min(t, c);
    d.event(i) = events && t <= c ? 1 : 0;
  }
  return d;
}

CoxOptions pooled(CoxTies ties = CoxTies::efron) {
  CoxOptions o;
  o.stratify_by_site = false;
  o.ties = ties;
  return o;
}

CoxResult fit_ok(const std::vector<Design>& sites, const CoxOptions& options = {}) {
  auto fit = fit_cox(sites, options);
  EXPECT_TRUE(fit.has_value()) << fit.error().to_string();
  return fit ? *fit : CoxResult{};
}

TEST(Cox, SiteWithZeroEventsContributesNothingToTheStratifiedModel) {
  const std::vector<Design> two{make_site(150, 1), make_site(120, 2)};
  const std::vector<Design> three{two[0], two[1], make_site(80, 3, false)};
  const CoxResult a = fit_ok(two), b = fit_ok(three);
  EXPECT_EQ(b.n, a.n + 80);
  EXPECT_EQ(b.events, a.events);
  ASSERT_EQ(b.coefficients.size(), 2u);
  for (std::size_t j = 0; j < 2; ++j) {
    EXPECT_EQ(b.coefficients[j].coef, a.coefficients[j].coef);
    EXPECT_EQ(b.coefficients[j].se, a.coefficients[j].se);
  }
  EXPECT_EQ(b.loglik, a.loglik);
  // The zero-event site's own answer is all zeros.
  CoxRequest request;
  request.step = CoxStep::derivatives;
  request.beta = Eigen::Vector2d(0.3, -0.2);
  auto answer = cox_site_answer(three[2], request);
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(*answer, std::vector<double>(1 + 2 + 3, 0.0));
  // Pooled, its censored rows do join the risk sets (as in coxph on the pooled rows).
  const CoxResult c = fit_ok(three, pooled());
  EXPECT_EQ(c.events, a.events);
  EXPECT_NE(c.coefficients[0].coef, fit_ok(two, pooled()).coefficients[0].coef);
}

TEST(Cox, CovariateConstantAtOneSiteIsFineWhenStratified) {
  std::vector<Design> sites{make_site(150, 4), make_site(150, 5), make_site(100, 6)};
  sites[1].x.col(1).setOnes();
  const CoxResult r = fit_ok(sites);
  ASSERT_EQ(r.coefficients.size(), 2u);
  EXPECT_TRUE(std::isfinite(r.coefficients[1].se));
  EXPECT_GT(r.coefficients[1].se, 0);
  EXPECT_TRUE(r.warnings.empty());
  // That site's information has no x2 row or column.
  CoxRequest request;
  request.step = CoxStep::derivatives;
  request.beta = Eigen::Vector2d(0.1, 0.1);
  auto answer = cox_stratum_derivatives(sites[1], request);
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ((*answer)[2], 0);  // gradient of x2
  EXPECT_EQ((*answer)[4], 0);  // information (x1, x2)
  EXPECT_EQ((*answer)[5], 0);  // information (x2, x2)
}

TEST(Cox, CovariateConstantEverywhereIsAnError) {
  std::vector<Design> sites{make_site(100, 7), make_site(100, 8)};
  for (auto& s : sites) s.x.col(1).setConstant(2);
  auto fit = fit_cox(sites);
  ASSERT_FALSE(fit.has_value());
  EXPECT_EQ(fit.error().to_string(),
            "field 'x2': covariate 'x2' is constant at every site: its coefficient cannot be estimated");
}

TEST(Cox, CovariateConstantWithinEverySiteIsSingularWhenStratified) {
  std::vector<Design> sites{make_site(100, 9), make_site(100, 10)};
  sites[0].x.col(1).setConstant(0);
  sites[1].x.col(1).setConstant(1);
  auto fit = fit_cox(sites);
  ASSERT_FALSE(fit.has_value());
  EXPECT_EQ(fit.error().to_string(),
            "field 'x2': the information matrix is singular at iteration 0: covariate 'x2' is "
            "collinear with the others or constant within every site");
  // Pooled, the same covariate separates the sites' rows and is estimable.
  EXPECT_TRUE(fit_cox(sites, pooled()).has_value());
}

TEST(Cox, CollinearCovariateIsNamed) {
  std::vector<Design> sites{make_site(100, 11), make_site(100, 12)};
  for (auto& s : sites) {
    s.names.push_back("x3");
    s.x.conservativeResize(Eigen::NoChange, 3);
    s.x.col(2) = 2 * s.x.col(0) - s.x.col(1);
  }
  auto fit = fit_cox(sites, pooled());
  ASSERT_FALSE(fit.has_value());
  EXPECT_EQ(fit.error().to_string(),
            "field 'x3': the information matrix is singular at iteration 0: covariate 'x3' is "
            "collinear with the others or constant within every risk set");
}

TEST(Cox, MonotoneLikelihoodWarnsThatTheCoefficientMayBeInfinite) {
  // Every x2 = 1 row dies before any x2 = 0 row: the likelihood keeps rising in beta2.
  std::vector<Design> sites{make_site(60, 13), make_site(60, 14)};
  for (auto& s : sites) {
    for (Eigen::Index i = 0; i < s.x.rows(); ++i) {
      s.time(i) = s.x(i, 1) == 1 ? 1 + i : 1000 + i;
      s.event(i) = 1;
    }
  }
  for (const CoxOptions& o : {CoxOptions{}, pooled()}) {
    const CoxResult r = fit_ok(sites, o);
    ASSERT_EQ(r.warnings.size(), 1u) << format_cox(r);
    EXPECT_EQ(r.warnings[0], "Loglik converged before variable 2 ('x2'); coefficient may be infinite");
    EXPECT_GT(r.coefficients[1].coef, 10);
    EXPECT_NE(format_cox(r).find("Warning: Loglik converged before variable 2"), std::string::npos);
  }
}

TEST(Cox, RunningOutOfIterationsIsReported) {
  CoxOptions o;
  o.max_iter = 1;
  const CoxResult r = fit_ok({make_site(200, 15), make_site(200, 16)}, o);
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.iterations, 1);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "Ran out of iterations (1) and did not converge");
}

TEST(Cox, NoEventsAnywhereIsAnError) {
  auto fit = fit_cox(std::vector<Design>{make_site(50, 17, false), make_site(50, 18, false)});
  ASSERT_FALSE(fit.has_value());
  EXPECT_EQ(fit.error().message, "no events at any site: a Cox model cannot be fitted");
}

TEST(Cox, BadSiteRowsAreErrorsNamingSiteAndRuleButNoRowOrValue) {
  std::vector<Design> sites{make_site(50, 19), make_site(50, 20)};
  sites[1].event(2) = 2;
  auto fit = fit_cox(sites);
  ASSERT_FALSE(fit.has_value());
  EXPECT_EQ(fit.error().to_string(), "field 'event': site 2: event: a value is not 0 or 1");
  sites[1].event(2) = 1;
  sites[0].time(4) = 40000;
  sites[0].time_variable = "survival_days";
  fit = fit_cox(sites, pooled());
  ASSERT_FALSE(fit.has_value());
  EXPECT_EQ(fit.error().to_string(),
            "field 'time': site 1: time 'survival_days': a value is not a finite number in [0, 36525]");
  sites[0].time(4) = std::nan("");
  EXPECT_FALSE(fit_cox(sites).has_value());
}

TEST(Cox, MismatchedDesignsAndAnswersAreRejected) {
  std::vector<Design> sites{make_site(50, 21), make_site(50, 22)};
  sites[1].names = {"x1", "z"};
  auto fit = fit_cox(sites);
  ASSERT_FALSE(fit.has_value());
  EXPECT_EQ(fit.error().message, "site 2 has design columns [x1, z], site 1 has [x1, x2]");
  auto coordinator = CoxFit::create({"x1", "x2"}, 2, CoxOptions{});
  ASSERT_TRUE(coordinator.has_value());
  const std::vector<double> short_answer(3, 1.0);
  auto status = coordinator->accept(short_answer);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().message, "the summed Cox answer has 3 values, expected 7");
  EXPECT_TRUE(coordinator->done());
  EXPECT_FALSE(coordinator->result().has_value());
}

TEST(Cox, PooledOverOneSiteEqualsStratifiedOverOneSite) {
  const std::vector<Design> one{make_site(300, 23)};
  for (CoxTies ties : {CoxTies::efron, CoxTies::breslow}) {
    CoxOptions s;
    s.ties = ties;
    const CoxResult a = fit_ok(one, s), b = fit_ok(one, pooled(ties));
    for (std::size_t j = 0; j < 2; ++j) {
      EXPECT_NEAR(a.coefficients[j].coef, b.coefficients[j].coef, 1e-12);
      EXPECT_NEAR(a.coefficients[j].se, b.coefficients[j].se, 1e-12);
    }
    EXPECT_NEAR(a.loglik, b.loglik, 1e-9);
    EXPECT_NEAR(a.score.statistic, b.score.statistic, 1e-9);
    // One site: the binned concordance is close to the exact one.
    EXPECT_NEAR(a.concordance.value, b.concordance.value, 2e-3);
    EXPECT_FALSE(a.concordance.approximate);
    EXPECT_TRUE(b.concordance.approximate);
  }
}

TEST(Cox, MaskedSumsGiveTheSameModel) {
  // Pairwise masks that cancel in the sum (as secure aggregation adds them): the
  // coordinator's result only depends on the sums.
  const std::vector<Design> sites{make_site(120, 24), make_site(90, 25), make_site(70, 26)};
  const CoxSum masked = [](const std::vector<std::vector<double>>& answers) {
    std::vector<std::vector<double>> hidden = answers;
    std::mt19937_64 rng(99);
    std::uniform_real_distribution<double> mask(-1e3, 1e3);
    for (std::size_t i = 0; i < hidden[0].size(); ++i) {
      const double m = mask(rng);
      hidden[0][i] += m;
      hidden[1][i] -= m;
    }
    return sum_answers(hidden);
  };
  for (const CoxOptions& o : {CoxOptions{}, pooled()}) {
    const CoxResult plain = fit_ok(sites, o);
    auto hidden = fit_cox(sites, o, masked);
    ASSERT_TRUE(hidden.has_value()) << hidden.error().to_string();
    for (std::size_t j = 0; j < 2; ++j) {
      EXPECT_NEAR(hidden->coefficients[j].coef, plain.coefficients[j].coef, 1e-8);
      EXPECT_NEAR(hidden->coefficients[j].se, plain.coefficients[j].se, 1e-8);
    }
  }
}

TEST(Cox, CoarsenedGridIsStatedInTheOutput) {
  const std::vector<Design> sites{make_site(200, 27), make_site(200, 28)};
  CoxOptions o = pooled();
  o.allow_event_times = false;
  const CoxResult r = fit_ok(sites, o);
  EXPECT_TRUE(r.coarsened);
  EXPECT_EQ(r.grid_step, 30);
  EXPECT_LE(r.event_times, 31u);  // censoring ends at 900 days
  const std::string text = format_cox(r);
  EXPECT_NE(text.find("fitted on the coarsened grid: times rounded up to multiples of 30 days"),
            std::string::npos)
      << text;
  const nlohmann::json j = cox_json(r);
  EXPECT_EQ(j["time_grid"]["coarsened"], true);
  EXPECT_EQ(j["time_grid"]["step"], 30.0);
  // The same model as rounding every time up to the grid before fitting.
  std::vector<Design> rounded = sites;
  for (auto& s : rounded) s.time = (s.time / 30).array().ceil() * 30;
  const CoxResult exact = fit_ok(rounded, pooled());
  EXPECT_FALSE(exact.coarsened);
  EXPECT_NEAR(exact.coefficients[0].coef, r.coefficients[0].coef, 1e-12);
  EXPECT_EQ(exact.event_times, r.event_times);
}

TEST(Cox, TextAndJsonCarryTheSummary) {
  const CoxResult r = fit_ok({make_site(200, 29), make_site(150, 30)});
  const std::string text = format_cox(r);
  EXPECT_EQ(text.rfind("Cox proportional hazards, stratified by site (exact), ties = efron, 2 sites\n", 0), 0u)
      << text;
  EXPECT_NE(text.find(fmt::format("  n = 350, number of events = {}\n", r.events)), std::string::npos);
  EXPECT_NE(text.find("Likelihood ratio test = "), std::string::npos);
  EXPECT_NE(text.find("Score (logrank) test  = "), std::string::npos);
  const nlohmann::json j = cox_json(r);
  EXPECT_EQ(j["model"], "stratified_by_site");
  EXPECT_EQ(j["n"], 350);
  ASSERT_EQ(j["coefficients"].size(), 2u);
  EXPECT_EQ(j["coefficients"][0]["name"], "x1");
  EXPECT_EQ(j["coefficients"][0]["coef"].get<double>(), r.coefficients[0].coef);
  EXPECT_EQ(j["likelihood_ratio"]["df"], 2);
  EXPECT_EQ(j["concordance"]["approximate"], false);
  EXPECT_FALSE(j.contains("time_grid"));
  // The simulated effects are recovered.
  EXPECT_NEAR(r.coefficients[0].coef, 0.5, 0.2);
  EXPECT_NEAR(r.coefficients[1].coef, -0.7, 0.3);
}

}  // namespace
}  // namespace oncoshare::models
