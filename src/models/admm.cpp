#include <cmath>

#include "models/baselines.hpp"

namespace oncoshare::models {
namespace {

// argmin_x  scale * sum_i [log(1 + e^eta_i) - y_i eta_i] + rho/2 |x - v|^2, by Newton
// from `x`.
Eigen::VectorXd local_solve(const Design& d, const Eigen::VectorXd& v, double rho, double scale, Eigen::VectorXd x) {
  const Eigen::Index p = x.size();
  if (d.x.rows() == 0) return v;
  for (int it = 0; it < 50; ++it) {
    const Eigen::ArrayXd eta = (d.x * x + d.offset).array();
    const Eigen::ArrayXd mu = 1.0 / (1.0 + (-eta).exp());
    const Eigen::VectorXd grad = scale * (d.x.transpose() * (mu.matrix() - d.y)) + rho * (x - v);
    const Eigen::MatrixXd a = d.x.array().colwise() * (scale * mu * (1.0 - mu)).sqrt();
    Eigen::MatrixXd h = rho * Eigen::MatrixXd::Identity(p, p);
    h.selfadjointView<Eigen::Upper>().rankUpdate(a.transpose());
    const Eigen::VectorXd step = h.selfadjointView<Eigen::Upper>().llt().solve(grad);
    x -= step;
    if (step.cwiseAbs().maxCoeff() < 1e-12 * std::max(1.0, x.cwiseAbs().maxCoeff())) break;
  }
  return x;
}

}  // namespace

core::Result<BaselineResult> admm_logistic(std::span<const Design> sites, const AdmmOptions& options) {
  if (auto s = detail::check_logistic_sites(sites); !s) return core::fail(s.error());
  const auto p = static_cast<Eigen::Index>(sites.front().names.size());
  const auto k = static_cast<double>(sites.size());
  // Each site's loss is scaled by K / N (N pooled rows, one count sent up front) so that
  // rho = 0.1 is on the scale of a mean log-loss, as in the PHT study; the minimiser of
  // the sum is still the pooled maximum-likelihood estimate.
  double rows = 0;
  for (const auto& d : sites) rows += static_cast<double>(d.x.rows());
  const double scale = k / rows;
  std::vector<Eigen::VectorXd> x(sites.size(), Eigen::VectorXd::Zero(p)), u = x;
  Eigen::VectorXd z = Eigen::VectorXd::Zero(p);
  BaselineResult out;
  while (out.rounds < options.max_rounds) {
    ++out.rounds;
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(p);  // what the coordinator receives, summed
    std::vector<Eigen::VectorXd> relaxed(sites.size());
    for (std::size_t s = 0; s < sites.size(); ++s) {
      x[s] = local_solve(sites[s], z - u[s], options.rho, scale, x[s]);
      relaxed[s] = options.alpha * x[s] + (1.0 - options.alpha) * z;
      sum += relaxed[s] + u[s];
    }
    const Eigen::VectorXd z_old = z;
    z = sum / k;
    double primal = 0;
    for (std::size_t s = 0; s < sites.size(); ++s) {
      u[s] += relaxed[s] - z;
      primal += (x[s] - z).squaredNorm();
    }
    const double dual = options.rho * std::sqrt(k) * (z - z_old).norm();
    if (std::sqrt(primal) < options.tolerance && dual < options.tolerance) {
      out.converged = true;
      break;
    }
  }
  out.coefficients.assign(z.data(), z.data() + z.size());
  return out;
}

}  // namespace oncoshare::models
