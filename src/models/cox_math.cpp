#include "models/cox_math.hpp"

#include <cmath>

namespace oncoshare::models {

void add_event_time(CoxDerivatives& d, CoxTies ties, double events, const WeightedSums& risk,
                    const WeightedSums& tied) {
  if (events <= 0) return;
  const Eigen::Index p = risk.s1.size();
  if (ties == CoxTies::breslow || events == 1) {
    const Eigen::VectorXd mean = risk.s1 / risk.s0;
    d.loglik -= events * std::log(risk.s0);
    d.gradient -= events * mean;
    for (Eigen::Index j = 0; j < p; ++j) {
      for (Eigen::Index k = j; k < p; ++k) {
        d.information(j, k) += events * (risk.s2(j, k) / risk.s0 - mean(j) * mean(k));
      }
    }
    return;
  }
  // Efron: the r-th of the tied deaths sees the risk set minus r/d of the tied weights.
  const int count = static_cast<int>(std::lround(events));
  for (int r = 0; r < count; ++r) {
    const double f = static_cast<double>(r) / count;
    const double a0 = risk.s0 - f * tied.s0;
    const Eigen::VectorXd mean = (risk.s1 - f * tied.s1) / a0;
    d.loglik -= std::log(a0);
    d.gradient -= mean;
    for (Eigen::Index j = 0; j < p; ++j) {
      for (Eigen::Index k = j; k < p; ++k) {
        d.information(j, k) += (risk.s2(j, k) - f * tied.s2(j, k)) / a0 - mean(j) * mean(k);
      }
    }
  }
}

void append_upper(std::vector<double>& out, const Eigen::MatrixXd& m) {
  for (Eigen::Index j = 0; j < m.rows(); ++j) {
    for (Eigen::Index k = j; k < m.cols(); ++k) out.push_back(m(j, k));
  }
}

Eigen::MatrixXd read_upper(std::span<const double> in, std::size_t& at, Eigen::Index p) {
  Eigen::MatrixXd m(p, p);
  for (Eigen::Index j = 0; j < p; ++j) {
    for (Eigen::Index k = j; k < p; ++k) m(j, k) = m(k, j) = in[at++];
  }
  return m;
}

}  // namespace oncoshare::models
