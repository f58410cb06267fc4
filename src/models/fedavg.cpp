#include <fmt/format.h>

#include <cmath>

#include "models/baselines.hpp"
#include "models/glm_family.hpp"

namespace oncoshare::models {

namespace detail {

core::Status check_logistic_sites(std::span<const Design> sites) {
  if (sites.empty()) return core::bad_input("no sites to fit");
  Eigen::Index rows = 0;
  const FamilyFunctions f{Family::binomial};
  for (std::size_t k = 0; k < sites.size(); ++k) {
    if (sites[k].names != sites.front().names) return core::bad_input(fmt::format("site {} has different coefficients", k + 1));
    for (Eigen::Index i = 0; i < sites[k].y.size(); ++i) {
      if (!f.valid(sites[k].y(i))) {
        return core::bad_input(fmt::format("site {}: {}: a value is not 0 or 1 (binomial)", k + 1,
                                           variable_label("outcome", sites[k].outcome_variable)));
      }
    }
    rows += sites[k].x.rows();
  }
  if (rows == 0) return core::bad_input("no rows to fit at any site");
  return {};
}

}  // namespace detail

core::Result<BaselineResult> fedavg_logistic(std::span<const Design> sites, const FedAvgOptions& options) {
  if (auto s = detail::check_logistic_sites(sites); !s) return core::fail(s.error());
  const auto p = static_cast<Eigen::Index>(sites.front().names.size());
  double total = 0;
  for (const auto& d : sites) total += static_cast<double>(d.x.rows());
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  BaselineResult out;
  while (out.rounds < options.max_rounds) {
    ++out.rounds;
    Eigen::VectorXd next = Eigen::VectorXd::Zero(p);
    for (const auto& d : sites) {
      const auto n = static_cast<double>(d.x.rows());
      if (n == 0) continue;
      Eigen::VectorXd local = beta;
      for (std::size_t e = 0; e < options.local_epochs; ++e) {
        const Eigen::ArrayXd eta = (d.x * local + d.offset).array();
        const Eigen::VectorXd mu = (1.0 / (1.0 + (-eta).exp())).matrix();
        local -= options.learning_rate / n * (d.x.transpose() * (mu - d.y));
      }
      next += (n / total) * local;  // the coordinator sums n_k * beta_k / N
    }
    const double change = (next - beta).cwiseAbs().maxCoeff();
    beta = next;
    if (change < options.tolerance) {
      out.converged = true;
      break;
    }
  }
  out.coefficients.assign(beta.data(), beta.data() + beta.size());
  return out;
}

}  // namespace oncoshare::models
