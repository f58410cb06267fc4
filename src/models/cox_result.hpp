// The fitted Cox model as summary(coxph) reports it, built from summed site answers only.
#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <string>
#include <vector>

#include "models/cox_options.hpp"

namespace oncoshare::models {

struct CoxCoefficient {
  std::string name;
  double coef = 0, exp_coef = 1, se = 0, z = 0, p_value = 1;
  double lower = 0, upper = 0;  // exp(coef) confidence limits at conf_level
};

// A chi-square test of all coefficients = 0.
struct CoxTest {
  double statistic = 0;
  int df = 0;
  double p_value = 1;
};

// Harrell's C on the linear predictor, as survival::concordance for a coxph fit.
struct CoxConcordance {
  double concordant = 0, discordant = 0, tied_x = 0;
  double value = 0;  // (concordant + tied_x / 2) / (concordant + discordant + tied_x)
  // Pooled model: computed from binned linear-predictor histograms (and, on a coarsened
  // grid, rounded times), so pairs in one bin count as tied. Stratified: exact.
  bool approximate = false;
};

struct CoxResult {
  CoxOptions options;
  bool stratified = true;
  std::size_t sites = 0;
  std::int64_t n = 0, events = 0;
  // Pooled model: the grid step the event times were rounded up to, how many distinct
  // event times the fit used, and whether any time was actually rounded (coarsened: the
  // model is not exactly coxph on the original times).
  double grid_step = 0;
  std::size_t event_times = 0;
  bool coarsened = false;
  std::vector<CoxCoefficient> coefficients;
  Eigen::MatrixXd variance;  // inverse information at the estimate
  double loglik_null = 0, loglik = 0;
  int iterations = 0;
  bool converged = true;
  CoxTest likelihood_ratio, wald, score;
  CoxConcordance concordance;
  std::size_t rounds = 0;  // request/answer rounds used
  // Like coxph's warnings: non-convergence, a coefficient that may be infinite.
  std::vector<std::string> warnings;
};

}  // namespace oncoshare::models
