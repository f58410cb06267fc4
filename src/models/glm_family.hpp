// The three GLM families with their canonical links, computed as R's family objects do
// (binomial()$linkinv clamps at |eta| > 30, poisson()$linkinv at DBL_EPSILON), so that
// iterations and fits agree with R's glm to rounding.
#pragma once

#include <string_view>

#include "core/result.hpp"

namespace oncoshare::models {

enum class Family {
  binomial,  // logit link, y in {0, 1}
  poisson,   // log link, y >= 0 counts
  gaussian,  // identity link
};

// "binomial", "poisson", "gaussian".
[[nodiscard]] std::string_view to_string(Family family);
// The inverse of to_string(); the error names the value and the choices.
[[nodiscard]] core::Result<Family> family_from_string(std::string_view text);

// Per-observation functions of a family (R's family object). Pure, thread-safe.
struct FamilyFunctions {
  Family family;
  [[nodiscard]] double link(double mu) const;
  [[nodiscard]] double inverse_link(double eta) const;
  [[nodiscard]] double mu_eta(double eta) const;  // d mu / d eta
  [[nodiscard]] double variance(double mu) const;
  [[nodiscard]] double deviance(double y, double mu) const;  // unit deviance
  // R's starting mean (mustart): (y + 0.5) / 2, y + 0.1, y.
  [[nodiscard]] double start(double y) const;
  // This observation's term of -2 log-likelihood (binomial, poisson); 0 for gaussian,
  // whose AIC needs only n and the deviance.
  [[nodiscard]] double minus_two_log_lik(double y, double mu) const;
  // Whether y is a valid response: 0 or 1 (binomial), finite >= 0 (poisson), finite.
  [[nodiscard]] bool valid(double y) const;
};

}  // namespace oncoshare::models
