#include "models/glm_site.hpp"

#include <fmt/format.h>

#include <cfloat>
#include <cmath>

namespace oncoshare::models {

core::Result<std::vector<double>> glm_site_statistics(const Design& design, Family family,
                                                      std::span<const double> beta) {
  const auto p = static_cast<Eigen::Index>(design.names.size());
  const GlmStatsLayout layout(design.names.size());
  if (!beta.empty() && beta.size() != design.names.size()) {
    return core::fail(core::bad_input(
        fmt::format("{} coefficients for a design with {} columns", beta.size(), design.names.size())));
  }
  const FamilyFunctions f{family};
  const Eigen::Index n = design.x.rows();
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!f.valid(design.y(i))) {
      const char* rule = family == Family::binomial ? "is not 0 or 1"
                         : family == Family::poisson ? "is not a finite count >= 0" : "is not finite";
      // The rule only: a row number or value would tell about one patient.
      return core::fail(core::bad_input(fmt::format("{}: a value {} ({})", variable_label("outcome", design.outcome_variable),
                                                    rule, to_string(family)),
                                        core::Location{.field = design.outcome_variable}));
    }
  }
  std::vector<double> out(layout.size(), 0.0);
  auto at = [&](GlmStatsLayout::Scalar s) -> double& { return out[layout.scalar(s)]; };
  at(GlmStatsLayout::rows) = static_cast<double>(n);
  at(GlmStatsLayout::excluded) = static_cast<double>(design.excluded);
  if (n == 0) return out;

  Eigen::VectorXd eta(n);
  if (beta.empty()) {
    for (Eigen::Index i = 0; i < n; ++i) eta(i) = f.link(f.start(design.y(i)));
  } else {
    eta = design.x * Eigen::Map<const Eigen::VectorXd>(beta.data(), p) + design.offset;
  }
  Eigen::VectorXd sqrt_w(n), wz(n);
  const double boundary_eps = 10.0 * DBL_EPSILON;  // R's glm.fit check
  for (Eigen::Index i = 0; i < n; ++i) {
    const double y = design.y(i), o = design.offset(i);
    const double mu = f.inverse_link(eta(i));
    const double d = f.mu_eta(eta(i));
    const double w = d * d / f.variance(mu);
    sqrt_w(i) = std::sqrt(w);
    wz(i) = w * ((eta(i) - o) + (y - mu) / d);
    at(GlmStatsLayout::deviance) += f.deviance(y, mu);
    at(GlmStatsLayout::minus_two_log_lik) += f.minus_two_log_lik(y, mu);
    if (family == Family::binomial && (mu > 1.0 - boundary_eps || mu < boundary_eps)) at(GlmStatsLayout::boundary) += 1;
    at(GlmStatsLayout::sum_y) += y;
    if (y > 0) at(GlmStatsLayout::sum_y_log_y) += y * std::log(y);
    at(GlmStatsLayout::sum_exp_offset) += std::exp(o);
    at(GlmStatsLayout::sum_y_offset) += y * o;
    at(GlmStatsLayout::sum_y_minus_offset) += y - o;
    at(GlmStatsLayout::sum_sq_y_minus_offset) += (y - o) * (y - o);
    at(GlmStatsLayout::null_deviance_at_offset) += f.deviance(y, f.inverse_link(o));
  }
  // X'WX as (sqrt(W) X)'(sqrt(W) X): one symmetric rank-n update, upper half only.
  const Eigen::MatrixXd a = design.x.array().colwise() * sqrt_w.array();
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(p, p);
  h.selfadjointView<Eigen::Upper>().rankUpdate(a.transpose());
  const Eigen::VectorXd rhs = design.x.transpose() * wz;
  std::size_t k = 0;
  for (Eigen::Index r = 0; r < p; ++r) {
    for (Eigen::Index c = r; c < p; ++c) out[k++] = h(r, c);
  }
  for (Eigen::Index r = 0; r < p; ++r) out[layout.rhs() + static_cast<std::size_t>(r)] = rhs(r);
  return out;
}

}  // namespace oncoshare::models
