// Tail probabilities for coefficient tests (normal ones come from analytics).
#pragma once

namespace oncoshare::models::detail {

// P(|T| > |t|) for Student's t with df > 0 degrees of freedom (R's 2 * pt(-|t|, df)),
// through the regularised incomplete beta function (Numerical Recipes 6.4, Lentz's
// continued fraction), relative error about 1e-14.
[[nodiscard]] double student_t_two_sided(double t, double df);

// P(|Z| > |z|) for a standard normal Z (R's 2 * pnorm(-|z|)).
[[nodiscard]] double normal_two_sided(double z);

}  // namespace oncoshare::models::detail
