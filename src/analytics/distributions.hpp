// The two distribution functions the survival maths needs, to double precision.
#pragma once

namespace oncoshare::analytics {

// The standard normal quantile: x with P(Z <= x) = p, for 0 < p < 1 (NaN otherwise).
// Acklam's rational approximation refined by two Halley steps on erfc (|error| < 1e-15).
[[nodiscard]] double normal_quantile(double p);

// P(X > x) for X chi-square with `df` > 0 degrees of freedom (R's pchisq(x, df,
// lower.tail = FALSE)); 1 for x <= 0. Regularised incomplete gamma by series or
// continued fraction (Numerical Recipes 6.2), relative error about 1e-15.
[[nodiscard]] double chi_square_upper(double x, double df);

}  // namespace oncoshare::analytics
