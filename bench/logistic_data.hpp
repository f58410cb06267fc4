// Deterministic data for the logistic-regression benchmarks: covariates x1..xp ~ N(0, 1),
// y ~ Bernoulli(logistic(-0.5 + sum_j b_j x_j)) with b_j = +-0.4 / -0.3 over sqrt(j). The
// in-process bench fills designs from it and the loopback bench writes REDCap exports, so
// both fit the same model.
#pragma once

#include <Eigen/Dense>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "models/design.hpp"
#include "models/glm_fit.hpp"

namespace oncoshare::bench {

// One stream of rows; every instance with the same seed yields the same rows.
class LogisticRows {
 public:
  explicit LogisticRows(std::uint64_t seed = 20261123) : rng_(seed) {}

  // The true coefficient of x_j (j >= 1); the intercept is -0.5.
  static double coefficient(std::size_t j) {
    return (j % 2 == 1 ? 0.4 : -0.3) / std::sqrt(static_cast<double>(j));
  }

  // Fills `x` (x[0] = x1, ...) with the next row's covariates and returns its outcome (0/1).
  double next(std::span<double> x) {
    double eta = -0.5;
    for (std::size_t j = 0; j < x.size(); ++j) {
      x[j] = normal_(rng_);
      eta += coefficient(j + 1) * x[j];
    }
    return uniform_(rng_) < 1.0 / (1.0 + std::exp(-eta)) ? 1.0 : 0.0;
  }

 private:
  std::mt19937_64 rng_;
  std::normal_distribution<double> normal_;
  std::uniform_real_distribution<double> uniform_;
};

// `sites` designs of `rows` rows each: "(Intercept)", x1..xp, drawn from one LogisticRows
// stream site after site.
inline std::vector<models::Design> logistic_designs(std::size_t sites, Eigen::Index rows, Eigen::Index p) {
  LogisticRows draw;
  std::vector<double> x(static_cast<std::size_t>(p));
  std::vector<models::Design> out(sites);
  for (auto& d : out) {
    d.names.push_back("(Intercept)");
    for (Eigen::Index j = 1; j <= p; ++j) d.names.push_back(fmt::format("x{}", j));
    d.x.resize(rows, p + 1);
    d.y.resize(rows);
    d.offset = Eigen::VectorXd::Zero(rows);
    for (Eigen::Index i = 0; i < rows; ++i) {
      d.y(i) = draw.next(x);
      d.x(i, 0) = 1;
      for (Eigen::Index j = 1; j <= p; ++j) d.x(i, j) = x[static_cast<std::size_t>(j - 1)];
    }
  }
  return out;
}

// All sites' rows in one design (the centralised fit), in site order. `sites` must share
// their names and have at least one entry.
inline models::Design pooled_design(std::span<const models::Design> sites) {
  Eigen::Index rows = 0;
  for (const auto& d : sites) rows += d.x.rows();
  models::Design out;
  out.names = sites.front().names;
  out.x.resize(rows, sites.front().x.cols());
  out.y.resize(rows);
  out.offset = Eigen::VectorXd::Zero(rows);
  Eigen::Index at = 0;
  for (const auto& d : sites) {
    out.x.middleRows(at, d.x.rows()) = d.x;
    out.y.segment(at, d.x.rows()) = d.y;
    at += d.x.rows();
  }
  return out;
}

// The fitted coefficients of `r`, in its order.
inline std::vector<double> estimates(const models::GlmResult& r) {
  std::vector<double> out;
  for (const auto& c : r.coefficients) out.push_back(c.estimate);
  return out;
}

// max_j |got[j] - reference_j| (same coefficient order).
inline double max_error(const std::vector<double>& got, const models::GlmResult& reference) {
  double worst = 0;
  for (std::size_t j = 0; j < got.size(); ++j) {
    worst = std::max(worst, std::fabs(got[j] - reference.coefficients[j].estimate));
  }
  return worst;
}

}  // namespace oncoshare::bench
