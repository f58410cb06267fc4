// The coordinator side of a federated GLM: R's IRLS as a round-based state machine. Each
// round the sites evaluate glm_site_statistics() at round().beta and the coordinator
// accept()s the element-wise sum of their vectors; it never sees a single site's values.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "core/result.hpp"
#include "models/glm_family.hpp"

namespace oncoshare::models {

struct GlmOptions {
  Family family = Family::binomial;
  std::size_t max_iterations = 25;  // R's glm.control(maxit)
  double epsilon = 1e-8;            // R's glm.control(epsilon): |dev - dev_old| / (|dev| + 0.1)
  double ridge = 0.0;               // L2 penalty on every coefficient but "(Intercept)"
  double confidence = 0.95;         // Wald intervals: estimate +- qnorm((1 + level) / 2) * se
};

struct GlmCoefficient {
  std::string name;
  double estimate = 0, std_error = 0, statistic = 0, p_value = 0, lower = 0, upper = 0;
};

// What summary(glm) prints, for the pooled data.
struct GlmResult {
  Family family = Family::binomial;
  std::vector<GlmCoefficient> coefficients;
  Eigen::MatrixXd covariance;  // dispersion * (X'WX + ridge)^-1
  double dispersion = 1;       // gaussian: RSS / (n - p); 1 otherwise
  double null_deviance = 0;    // NaN for binomial with an offset and an intercept (not computed)
  double deviance = 0;
  double aic = 0;
  double df_null = 0, df_residual = 0;
  std::size_t iterations = 0;  // Fisher scoring iterations, as R counts them
  std::size_t rounds = 0;      // communication rounds (iterations + the start round)
  std::size_t n = 0, excluded = 0;
  bool uses_t = false;         // gaussian: t statistics with df_residual
};

// What the sites evaluate next: `beta` (empty in the start round: R's starting values).
struct GlmRound {
  std::size_t index = 0;
  std::vector<double> beta;
};

// One fit. Not thread-safe. Typical use: while (!fit.done()) { sum = sites(fit.round());
// ONCOSHARE_TRY(fit.accept(sum)); } then fit.result().
class GlmFit {
 public:
  // `names` are the design's coefficient names (identical on every site); `offset` tells
  // whether the model has an offset (for the null deviance).
  GlmFit(std::vector<std::string> names, GlmOptions options, bool offset = false);

  [[nodiscard]] std::size_t statistics_size() const;
  [[nodiscard]] const GlmRound& round() const { return round_; }
  [[nodiscard]] bool done() const { return done_; }

  // Takes the summed site statistics of round(). Fails (check_failed) with a diagnostic:
  // no rows; aliased coefficients (singular design, each named with why); separation
  // (binomial, naming the diverging coefficients); a non-finite deviance; no convergence
  // after max_iterations (with the last relative deviance change). bad_input when `sum`
  // has the wrong size. After a failure or done() further calls fail.
  [[nodiscard]] core::Status accept(std::span<const double> sum);

  // The summary once done(); fails (internal) before.
  [[nodiscard]] core::Result<GlmResult> result() const;

 private:
  [[nodiscard]] core::Status check_aliasing(const Eigen::MatrixXd& h) const;
  [[nodiscard]] core::Status check_separation(std::span<const double> sum) const;
  void finish(std::span<const double> sum);

  std::vector<std::string> names_;
  GlmOptions options_;
  bool offset_ = false;
  bool intercept_ = false;
  GlmRound round_;
  bool done_ = false, failed_ = false;
  std::size_t iterations_ = 0;
  double deviance_old_ = 0;
  Eigen::VectorXd beta_, step_;     // current coefficients and the step that produced them
  Eigen::MatrixXd penalised_;       // X'WX + ridge of the round that produced beta_
  GlmResult result_;
};

}  // namespace oncoshare::models
