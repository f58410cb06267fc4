// The partial-likelihood arithmetic shared by the sites (stratified model: their own risk
// sets) and the coordinator (pooled model: summed risk-set sums), so both compute the
// Breslow / Efron terms with the same code.
#pragma once

#include <Eigen/Dense>

#include <span>
#include <vector>

#include "models/cox_options.hpp"

namespace oncoshare::models {

// Log partial likelihood, its gradient and the information matrix (minus the Hessian).
struct CoxDerivatives {
  double loglik = 0;
  Eigen::VectorXd gradient;
  Eigen::MatrixXd information;

  explicit CoxDerivatives(Eigen::Index p = 0)
      : gradient(Eigen::VectorXd::Zero(p)), information(Eigen::MatrixXd::Zero(p, p)) {}
};

// Sums of w = exp(eta), w x and w x x' over a set of rows.
struct WeightedSums {
  double s0 = 0;
  Eigen::VectorXd s1;
  Eigen::MatrixXd s2;

  explicit WeightedSums(Eigen::Index p = 0)
      : s1(Eigen::VectorXd::Zero(p)), s2(Eigen::MatrixXd::Zero(p, p)) {}
  void add(double w, const Eigen::VectorXd& x) {
    s0 += w;
    s1 += w * x;
    s2.selfadjointView<Eigen::Upper>().rankUpdate(x, w);
  }
};

// Subtracts one event time's terms from `d` (the events' own eta / x sums are added by
// the caller): `events` is how many rows have an event there, `risk` the sums over its
// risk set, `tied` the sums over its events (used by Efron only). Only the upper
// triangles of the s2 matrices are read; only the upper triangle of information is written.
void add_event_time(CoxDerivatives& d, CoxTies ties, double events, const WeightedSums& risk,
                    const WeightedSums& tied);

// Appends the upper triangle of `m` (row by row) to `out`.
void append_upper(std::vector<double>& out, const Eigen::MatrixXd& m);
// Reads a packed upper triangle of a p x p matrix from in[at...]; advances `at`; the
// result is symmetric.
[[nodiscard]] Eigen::MatrixXd read_upper(std::span<const double> in, std::size_t& at,
                                         Eigen::Index p);

}  // namespace oncoshare::models
