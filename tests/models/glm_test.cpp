// The federated GLM without R: diagnostics with their exact messages, sites with no rows
// or a covariate constant at one site, federated == centralised, the ridge penalty's score
// equation, the site statistics' layout, and the text / JSON output.
#include <random>

#include "models/models_test_support.hpp"

namespace oncoshare::models {
namespace {

// `sites` designs of `rows` rows each: intercept + `p` standard normal covariates and a
// logistic outcome with coefficients 0.5, -0.25, 0.125, ... (seeded, deterministic).
std::vector<Design> logistic_sites(std::size_t sites, Eigen::Index rows, Eigen::Index p, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  std::vector<Design> out(sites);
  for (auto& d : out) {
    d.names.push_back("(Intercept)");
    for (Eigen::Index j = 1; j <= p; ++j) d.names.push_back(fmt::format("x{}", j));
    d.x.resize(rows, p + 1);
    d.y.resize(rows);
    d.offset = Eigen::VectorXd::Zero(rows);
    for (Eigen::Index i = 0; i < rows; ++i) {
      double eta = -0.3;
      d.x(i, 0) = 1;
      for (Eigen::Index j = 1; j <= p; ++j) {
        d.x(i, j) = normal(rng);
        eta += (j % 2 == 1 ? 0.5 : -0.25) / static_cast<double>(j) * d.x(i, j);
      }
      d.y(i) = uniform(rng) < 1.0 / (1.0 + std::exp(-eta)) ? 1.0 : 0.0;
    }
  }
  return out;
}

Design pooled(const std::vector<Design>& sites) {
  Design all;
  all.names = sites.front().names;
  Eigen::Index n = 0;
  for (const auto& d : sites) n += d.x.rows();
  all.x.resize(n, static_cast<Eigen::Index>(all.names.size()));
  all.y.resize(n);
  all.offset.resize(n);
  Eigen::Index at = 0;
  for (const auto& d : sites) {
    all.x.middleRows(at, d.x.rows()) = d.x;
    all.y.segment(at, d.x.rows()) = d.y;
    all.offset.segment(at, d.x.rows()) = d.offset;
    at += d.x.rows();
  }
  return all;
}

std::string fit_error(const std::vector<Design>& sites, GlmOptions options = {}) {
  auto fit = fit_glm(sites, options);
  EXPECT_FALSE(fit.has_value());
  return fit ? "" : fit.error().to_string();
}

TEST(GlmFit, FederatedEqualsCentralised) {
  const auto sites = logistic_sites(4, 300, 3, 1);
  auto fed = fit_glm(sites, {});
  const std::vector<Design> one{pooled(sites)};
  auto central = fit_glm(one, {});
  ASSERT_TRUE(fed.has_value() && central.has_value());
  for (std::size_t j = 0; j < 4; ++j) {
    EXPECT_NEAR(fed->coefficients[j].estimate, central->coefficients[j].estimate, 1e-12);
    EXPECT_NEAR(fed->coefficients[j].std_error, central->coefficients[j].std_error, 1e-12);
  }
  EXPECT_EQ(fed->iterations, central->iterations);
  EXPECT_EQ(fed->rounds, fed->iterations + 1);
  EXPECT_EQ(fed->n, 1200u);
  EXPECT_NEAR(fed->coefficients[1].estimate, 0.5, 0.15);  // the generating value
}

TEST(GlmFit, SiteWithZeroRowsContributesNothing) {
  auto sites = logistic_sites(3, 200, 2, 2);
  auto before = fit_glm(sites, {});
  Design empty;
  empty.names = sites.front().names;
  empty.x.resize(0, 3);
  empty.excluded = 7;
  sites.insert(sites.begin() + 1, empty);
  auto after = fit_glm(sites, {});
  ASSERT_TRUE(before.has_value() && after.has_value()) << after.error().to_string();
  for (std::size_t j = 0; j < 3; ++j) EXPECT_EQ(before->coefficients[j].estimate, after->coefficients[j].estimate);
  EXPECT_EQ(after->excluded, 7u);
  EXPECT_EQ(after->n, 600u);
}

TEST(GlmFit, CovariateConstantAtOneSiteStillExact) {
  auto sites = logistic_sites(3, 200, 2, 3);
  sites[1].x.col(2).setConstant(0.7);  // x2 is constant at site 2 only
  auto fed = fit_glm(sites, {});
  const std::vector<Design> one{pooled(sites)};
  auto central = fit_glm(one, {});
  ASSERT_TRUE(fed.has_value()) << fed.error().to_string();
  ASSERT_TRUE(central.has_value());
  for (std::size_t j = 0; j < 3; ++j) {
    EXPECT_NEAR(fed->coefficients[j].estimate, central->coefficients[j].estimate, 1e-12);
    EXPECT_NEAR(fed->coefficients[j].std_error, central->coefficients[j].std_error, 1e-12);
  }
}

TEST(GlmFit, AliasedCoefficientsAreNamed) {
  auto sites = logistic_sites(2, 100, 3, 4);
  for (auto& d : sites) {
    d.x.col(1).setConstant(2.0);                 // constant everywhere
    d.x.col(3) = d.x.col(2) * 2.0 - d.x.col(0);  // a combination of earlier columns
  }
  EXPECT_EQ(fit_error(sites),
            "singular design: aliased coefficients: x1 (constant in the pooled data); x3 (a linear combination of "
            "the columns before it)");
  for (auto& d : sites) d.x.col(3).setZero();  // e.g. the dummy of a level no site has
  for (auto& d : sites) d.x.col(1).setRandom();
  EXPECT_EQ(fit_error(sites), "singular design: aliased coefficients: x3 (zero in every row: e.g. a level no site has)");
}

TEST(GlmFit, SeparationIsReportedWithTheCovariate) {
  auto sites = logistic_sites(2, 100, 2, 5);
  for (auto& d : sites) {
    for (Eigen::Index i = 0; i < d.x.rows(); ++i) d.y(i) = d.x(i, 1) > 0.1 ? 1.0 : 0.0;  // x1 separates
  }
  // Everything diverges under perfect separation, x1 fastest.
  EXPECT_EQ(fit_error(sites),
            "perfect or quasi-complete separation: 193 fitted probabilities numerically 0 or 1; diverging "
            "coefficients: (Intercept) (estimate -91.78, last step -5.56), x1 (estimate 976.4, last step +59.2), x2 "
            "(estimate -10.73, last step -0.666)");
}

TEST(GlmFit, NonConvergenceGivesTheLastChange) {
  const auto sites = logistic_sites(2, 100, 2, 6);
  GlmOptions options;
  options.max_iterations = 2;
  const std::string message = fit_error(sites, options);
  EXPECT_EQ(message.rfind("no convergence after 2 iterations: last relative deviance change ", 0), 0u) << message;
  EXPECT_NE(message.find("(epsilon 1e-08)"), std::string::npos) << message;
}

TEST(GlmFit, BadOutcomeAndMismatchedSitesAndNoRows) {
  auto sites = logistic_sites(2, 10, 1, 7);
  sites[1].y(0) = 2;
  EXPECT_EQ(fit_error(sites), "site 2: outcome: a value is not 0 or 1 (binomial)");  // no row, no value
  sites[1].outcome_variable = "response";
  EXPECT_EQ(fit_error(sites), "field 'response': site 2: outcome 'response': a value is not 0 or 1 (binomial)");
  sites[1].names[1] = "z";
  EXPECT_EQ(fit_error(sites), "site 2 has coefficients [(Intercept), z], site 1 [(Intercept), x1]");
  std::vector<Design> none(2);
  for (auto& d : none) {
    d.names = {"(Intercept)"};
    d.x.resize(0, 1);
    d.excluded = 3;
  }
  EXPECT_EQ(fit_error(none), "no rows to fit at any site (6 excluded for missing values)");
}

TEST(GlmFit, RidgeSolvesThePenalisedScoreEquation) {
  const auto sites = logistic_sites(3, 200, 3, 8);
  GlmOptions options;
  options.ridge = 5.0;
  auto fit = fit_glm(sites, options);
  auto plain = fit_glm(sites, {});
  ASSERT_TRUE(fit.has_value() && plain.has_value());
  const Design all = pooled(sites);
  Eigen::VectorXd beta(4);
  for (Eigen::Index j = 0; j < 4; ++j) beta(j) = fit->coefficients[static_cast<std::size_t>(j)].estimate;
  const Eigen::ArrayXd mu = 1.0 / (1.0 + (-(all.x * beta).array()).exp());
  Eigen::VectorXd score = all.x.transpose() * (all.y - mu.matrix());
  score.tail(3) -= options.ridge * beta.tail(3);
  EXPECT_LT(score.cwiseAbs().maxCoeff(), 1e-6);
  for (std::size_t j = 1; j < 4; ++j) {
    EXPECT_LT(std::fabs(fit->coefficients[j].estimate), std::fabs(plain->coefficients[j].estimate));
  }
}

TEST(GlmSite, LayoutAndStartRound) {
  auto sites = logistic_sites(1, 5, 1, 9);
  const GlmStatsLayout layout(2);
  EXPECT_EQ(layout.size(), 3u + 2u + GlmStatsLayout::scalar_count);
  auto stats = glm_site_statistics(sites[0], Family::gaussian, {});
  ASSERT_TRUE(stats.has_value());
  const Design& d = sites[0];
  EXPECT_DOUBLE_EQ((*stats)[0], 5.0);  // sum of 1 * 1
  EXPECT_DOUBLE_EQ((*stats)[1], d.x.col(1).sum());
  EXPECT_DOUBLE_EQ((*stats)[2], d.x.col(1).squaredNorm());
  EXPECT_DOUBLE_EQ((*stats)[layout.rhs()], d.y.sum());
  EXPECT_EQ((*stats)[layout.scalar(GlmStatsLayout::rows)], 5.0);
  EXPECT_EQ((*stats)[layout.scalar(GlmStatsLayout::deviance)], 0.0);  // start mean is y itself
  const std::vector<double> wrong{1.0};
  auto bad = glm_site_statistics(d, Family::gaussian, wrong);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().to_string(), "1 coefficients for a design with 2 columns");
}

TEST(GlmReport, TextAndJson) {
  const auto sites = logistic_sites(2, 150, 1, 10);
  auto fit = fit_glm(sites, {});
  ASSERT_TRUE(fit.has_value());
  const std::string text = format_glm(*fit);
  EXPECT_NE(text.find("Estimate   Std. Error   z value  Pr(>|z|)"), std::string::npos) << text;
  EXPECT_NE(text.find("(Dispersion parameter for binomial family taken to be 1)"), std::string::npos) << text;
  EXPECT_NE(text.find(fmt::format("Number of Fisher Scoring iterations: {}\n", fit->iterations)), std::string::npos);
  EXPECT_NE(text.find(fmt::format("Residual deviance: {:.6g}  on 298 degrees of freedom", fit->deviance)),
            std::string::npos) << text;
  const auto json = glm_to_json(*fit);
  EXPECT_EQ(json["family"], "binomial");
  EXPECT_EQ(json["statistic"], "z");
  EXPECT_EQ(json["coefficients"][1]["name"], "x1");
  EXPECT_EQ(json["coefficients"][1]["estimate"].get<double>(), fit->coefficients[1].estimate);
  EXPECT_EQ(json["df_null"].get<double>(), 299.0);
  EXPECT_EQ(json["n"], 300);
  GlmResult nan = *fit;
  nan.null_deviance = std::nan("");
  EXPECT_TRUE(glm_to_json(nan)["null_deviance"].is_null());
  EXPECT_NE(format_glm(nan).find("Null deviance: NA  on 299"), std::string::npos);
}

TEST(Baselines, FedAvgAndAdmmApproachTheExactFitInManyMoreRounds) {
  const auto sites = logistic_sites(5, 400, 3, 11);
  auto exact = fit_glm(sites, {});
  auto fedavg = fedavg_logistic(sites);
  auto admm = admm_logistic(sites);
  ASSERT_TRUE(exact.has_value() && fedavg.has_value() && admm.has_value());
  EXPECT_TRUE(fedavg->converged);
  EXPECT_TRUE(admm->converged);
  for (std::size_t j = 0; j < 4; ++j) {
    // FedAvg's fixed point is off the optimum (client drift over 5 local epochs).
    EXPECT_NEAR(fedavg->coefficients[j], exact->coefficients[j].estimate, 1e-2) << j;
    EXPECT_NEAR(admm->coefficients[j], exact->coefficients[j].estimate, 1e-2) << j;
  }
  EXPECT_GT(fedavg->rounds, 2 * exact->rounds);
  EXPECT_GT(admm->rounds, exact->rounds);
  EXPECT_EQ(fedavg_logistic(std::vector<Design>{}).error().to_string(), "no sites to fit");
}

}  // namespace
}  // namespace oncoshare::models
