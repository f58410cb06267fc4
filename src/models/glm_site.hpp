// The site side of a federated GLM: one pure function from the local design and the
// coordinator's current coefficients to a vector of sums. The coordinator only ever needs
// the element-wise SUM of these vectors over sites, so they can travel under secure
// aggregation; nothing per-patient and nothing per-site is needed.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "models/design.hpp"
#include "models/glm_family.hpp"

namespace oncoshare::models {

// Where each statistic sits in the vector, for p coefficients:
//   [0, p(p+1)/2)          X'WX, upper triangle row by row (W = IRLS working weights)
//   [tri, tri + p)         X'Wz (z = working response without the offset)
//   then the scalars below, in this order.
// The weights and z are those of R's IRLS at the given coefficients (or at R's starting
// mean in the start round), so beta_next = (X'WX)^-1 X'Wz is exactly R's next iterate.
struct GlmStatsLayout {
  enum Scalar : std::size_t {
    rows,              // n
    excluded,          // rows the site dropped for missing values (Design::excluded)
    deviance,          // sum of unit deviances at the current coefficients
    minus_two_log_lik, // AIC piece (binomial, poisson)
    boundary,          // binomial: fitted probabilities numerically 0 or 1 (R's eps)
    sum_y,
    sum_y_log_y,       // poisson null deviance
    sum_exp_offset,    // poisson null deviance with an offset
    sum_y_offset,
    sum_y_minus_offset,     // gaussian null deviance
    sum_sq_y_minus_offset,
    null_deviance_at_offset,  // deviance at eta = offset (null model without intercept)
    scalar_count,
  };

  explicit GlmStatsLayout(std::size_t coefficients) : p(coefficients) {}
  std::size_t p;
  [[nodiscard]] std::size_t triangle() const { return p * (p + 1) / 2; }
  [[nodiscard]] std::size_t rhs() const { return triangle(); }
  [[nodiscard]] std::size_t scalar(Scalar s) const { return triangle() + p + s; }
  [[nodiscard]] std::size_t size() const { return triangle() + p + scalar_count; }
};

// The local statistics of `design` at `beta` (design.names.size() entries), or at R's
// starting values when `beta` is empty (the start round). A site with zero rows returns
// zeros except its excluded count. Fails (bad_input) when beta has the wrong length or an
// outcome value is invalid for the family: the error names the outcome variable and the
// rule, never a row or a value, e.g. "outcome 'y': a value is not 0 or 1 (binomial)".
[[nodiscard]] core::Result<std::vector<double>> glm_site_statistics(const Design& design, Family family,
                                                                    std::span<const double> beta);

}  // namespace oncoshare::models
