#include "models/glm_fit.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "analytics/distributions.hpp"
#include "models/detail/distributions.hpp"
#include "models/glm_site.hpp"

namespace oncoshare::models {
namespace {

using Scalar = GlmStatsLayout::Scalar;

constexpr double kAliasTolerance = 1e-9;  // residual variance / variance of a column
// A coefficient still moving by more than this (relative) when the deviance has converged
// is running off to infinity: the signature of separation in Newton's method.
constexpr double kDivergingStep = 1e-3;

core::Error check_failed(std::string message) {
  return core::Error{core::ErrorCode::check_failed, std::move(message), {}};
}

Eigen::MatrixXd unpack_triangle(std::span<const double> sum, std::size_t p) {
  const auto n = static_cast<Eigen::Index>(p);
  Eigen::MatrixXd h(n, n);
  std::size_t k = 0;
  for (Eigen::Index r = 0; r < n; ++r) {
    for (Eigen::Index c = r; c < n; ++c) h(r, c) = h(c, r) = sum[k++];
  }
  return h;
}

// Residual variance of column j after projecting out the columns in `kept`.
double residual(const Eigen::MatrixXd& h, const std::vector<Eigen::Index>& kept, Eigen::Index j) {
  if (kept.empty()) return h(j, j);
  const auto k = static_cast<Eigen::Index>(kept.size());
  Eigen::MatrixXd hkk(k, k);
  Eigen::VectorXd hkj(k);
  for (Eigen::Index a = 0; a < k; ++a) {
    hkj(a) = h(kept[static_cast<std::size_t>(a)], j);
    for (Eigen::Index b = 0; b < k; ++b) hkk(a, b) = h(kept[static_cast<std::size_t>(a)], kept[static_cast<std::size_t>(b)]);
  }
  return h(j, j) - hkj.dot(hkk.ldlt().solve(hkj));
}

}  // namespace

GlmFit::GlmFit(std::vector<std::string> names, GlmOptions options, bool offset)
    : names_(std::move(names)), options_(options), offset_(offset) {
  intercept_ = !names_.empty() && names_.front() == "(Intercept)";
  beta_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(names_.size()));
  step_ = beta_;
}

std::size_t GlmFit::statistics_size() const { return GlmStatsLayout(names_.size()).size(); }

core::Status GlmFit::check_aliasing(const Eigen::MatrixXd& h) const {
  std::vector<Eigen::Index> kept;
  std::vector<std::string> aliased;
  for (Eigen::Index j = 0; j < h.rows(); ++j) {
    const double scale = h(j, j);
    if (scale > 0 && residual(h, kept, j) > kAliasTolerance * scale) {
      kept.push_back(j);
      continue;
    }
    const std::string& name = names_[static_cast<std::size_t>(j)];
    if (!(scale > 0)) {
      aliased.push_back(fmt::format("{} (zero in every row: e.g. a level no site has)", name));
    } else if (intercept_ && j > 0 && residual(h, {0}, j) <= kAliasTolerance * scale) {
      aliased.push_back(fmt::format("{} (constant in the pooled data)", name));
    } else {
      aliased.push_back(fmt::format("{} (a linear combination of the columns before it)", name));
    }
  }
  if (aliased.empty()) return {};
  return check_failed(fmt::format("singular design: aliased coefficients: {}", fmt::join(aliased, "; ")));
}

core::Status GlmFit::check_separation(std::span<const double> sum) const {
  if (options_.family != Family::binomial) return {};
  const GlmStatsLayout layout(names_.size());
  const double boundary = sum[layout.scalar(Scalar::boundary)];
  std::vector<std::string> diverging;
  for (Eigen::Index j = 0; j < beta_.size(); ++j) {
    if (std::fabs(step_(j)) > kDivergingStep * std::max(1.0, std::fabs(beta_(j)))) {
      diverging.push_back(fmt::format("{} (estimate {:.4g}, last step {:+.3g})", names_[static_cast<std::size_t>(j)],
                                      beta_(j), step_(j)));
    }
  }
  if (boundary == 0 && diverging.empty()) return {};
  std::string message = fmt::format("perfect or quasi-complete separation: {} fitted probabilities numerically 0 or 1",
                                    static_cast<long long>(boundary));
  if (!diverging.empty()) message += fmt::format("; diverging coefficients: {}", fmt::join(diverging, ", "));
  return check_failed(std::move(message));
}

core::Status GlmFit::accept(std::span<const double> sum) {
  if (done_ || failed_) return core::Error{core::ErrorCode::internal, "GlmFit::accept after the fit ended", {}};
  const GlmStatsLayout layout(names_.size());
  if (sum.size() != layout.size()) {
    failed_ = true;
    return core::bad_input(fmt::format("{} summed statistics, expected {}", sum.size(), layout.size()));
  }
  auto fail = [&](core::Error e) {
    failed_ = true;
    return core::Status(std::move(e));
  };
  const double deviance = sum[layout.scalar(Scalar::deviance)];
  const Eigen::MatrixXd h = unpack_triangle(sum, names_.size());
  if (round_.index == 0) {
    if (sum[layout.scalar(Scalar::rows)] == 0) {
      return fail(check_failed(fmt::format("no rows to fit at any site ({} excluded for missing values)",
                                           sum[layout.scalar(Scalar::excluded)])));
    }
    if (auto s = check_aliasing(h); !s) return fail(s.error());
  } else {
    iterations_ = round_.index;
    if (!std::isfinite(deviance)) {
      return fail(check_failed(fmt::format("non-finite deviance at iteration {}", iterations_)));
    }
    const double change = std::fabs(deviance - deviance_old_) / (std::fabs(deviance) + 0.1);
    if (change < options_.epsilon) {
      if (auto s = check_separation(sum); !s) return fail(s.error());
      finish(sum);
      return {};
    }
    if (iterations_ >= options_.max_iterations) {
      // Steps are large anyway when not converged: only fitted probabilities at 0 or 1
      // point to separation here.
      if (sum[layout.scalar(Scalar::boundary)] > 0) {
        if (auto s = check_separation(sum); !s) return fail(s.error());
      }
      return fail(check_failed(fmt::format(
          "no convergence after {} iterations: last relative deviance change {:.3g} (epsilon {:.3g})", iterations_,
          change, options_.epsilon)));
    }
  }
  deviance_old_ = deviance;
  penalised_ = h;
  for (Eigen::Index j = intercept_ ? 1 : 0; j < h.rows(); ++j) penalised_(j, j) += options_.ridge;
  const Eigen::Map<const Eigen::VectorXd> rhs(sum.data() + layout.rhs(), static_cast<Eigen::Index>(names_.size()));
  Eigen::LLT<Eigen::MatrixXd> llt(penalised_);
  if (llt.info() != Eigen::Success) {
    return fail(check_failed(fmt::format("X'WX is not positive definite at iteration {}", round_.index)));
  }
  const Eigen::VectorXd next = llt.solve(rhs);
  step_ = next - beta_;
  beta_ = next;
  round_.index += 1;
  round_.beta.assign(beta_.data(), beta_.data() + beta_.size());
  return {};
}

void GlmFit::finish(std::span<const double> sum) {
  const GlmStatsLayout layout(names_.size());
  auto at = [&](Scalar s) { return sum[layout.scalar(s)]; };
  GlmResult& r = result_;
  r.family = options_.family;
  const double n = at(Scalar::rows);
  const auto p = static_cast<double>(names_.size());
  r.n = static_cast<std::size_t>(n);
  r.excluded = static_cast<std::size_t>(at(Scalar::excluded));
  r.iterations = iterations_;
  r.rounds = round_.index + 1;
  r.deviance = at(Scalar::deviance);
  r.df_residual = n - p;
  r.df_null = n - (intercept_ ? 1.0 : 0.0);
  r.uses_t = options_.family == Family::gaussian;
  r.dispersion = r.uses_t ? r.deviance / r.df_residual : 1.0;
  if (options_.family == Family::gaussian) {
    r.aic = n * (std::log(2.0 * std::numbers::pi * r.deviance / n) + 1.0) + 2.0 + 2.0 * p;
  } else {
    r.aic = at(Scalar::minus_two_log_lik) + 2.0 * p;
  }
  // Null model: intercept (+ offset) only, closed forms of R's glm.fit(intercept-only).
  const double sy = at(Scalar::sum_y);
  if (!intercept_) {
    r.null_deviance = at(Scalar::null_deviance_at_offset);
  } else if (options_.family == Family::gaussian) {
    const double s = at(Scalar::sum_y_minus_offset);
    r.null_deviance = at(Scalar::sum_sq_y_minus_offset) - s * s / n;
  } else if (options_.family == Family::poisson) {
    const double b = std::log(sy / at(Scalar::sum_exp_offset));
    r.null_deviance = sy > 0 ? 2.0 * (at(Scalar::sum_y_log_y) - b * sy - at(Scalar::sum_y_offset)) : 0.0;
  } else if (offset_) {
    r.null_deviance = std::numeric_limits<double>::quiet_NaN();
  } else {
    const double m = sy / n;
    const double ll = (sy > 0 ? sy * std::log(m) : 0.0) + (n - sy > 0 ? (n - sy) * std::log(1.0 - m) : 0.0);
    r.null_deviance = -2.0 * ll;
  }
  r.covariance = r.dispersion * penalised_.llt().solve(Eigen::MatrixXd::Identity(penalised_.rows(), penalised_.cols()));
  const double z = analytics::normal_quantile(0.5 + options_.confidence / 2.0);
  r.coefficients.clear();
  for (Eigen::Index j = 0; j < beta_.size(); ++j) {
    GlmCoefficient c;
    c.name = names_[static_cast<std::size_t>(j)];
    c.estimate = beta_(j);
    c.std_error = std::sqrt(r.covariance(j, j));
    c.statistic = c.estimate / c.std_error;
    c.p_value = r.uses_t ? detail::student_t_two_sided(c.statistic, r.df_residual) : detail::normal_two_sided(c.statistic);
    c.lower = c.estimate - z * c.std_error;
    c.upper = c.estimate + z * c.std_error;
    r.coefficients.push_back(std::move(c));
  }
  done_ = true;
}

core::Result<GlmResult> GlmFit::result() const {
  if (!done_) return core::fail(core::Error{core::ErrorCode::internal, "GlmFit::result before convergence", {}});
  return result_;
}

}  // namespace oncoshare::models
