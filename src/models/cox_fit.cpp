#include "models/cox_fit.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "analytics/distributions.hpp"

namespace oncoshare::models {
namespace {

Eigen::VectorXd segment(std::span<const double> in, std::size_t& at, Eigen::Index p) {
  Eigen::VectorXd v(p);
  for (Eigen::Index j = 0; j < p; ++j) v(j) = in[at++];
  return v;
}

// Indices of pivots below toler * the largest diagonal in an LDL' factorisation without
// pivoting (survival's cholesky2): the covariates that make `m` singular.
std::vector<Eigen::Index> singular_columns(Eigen::MatrixXd a, double toler) {
  const Eigen::Index n = a.rows();
  double eps = 0;
  for (Eigen::Index i = 0; i < n; ++i) eps = std::max(eps, std::fabs(a(i, i)));
  eps *= toler;
  std::vector<Eigen::Index> singular;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double pivot = a(i, i);
    if (!std::isfinite(pivot) || pivot <= eps) {
      singular.push_back(i);
      continue;
    }
    for (Eigen::Index j = i + 1; j < n; ++j) {
      const double temp = a(j, i) / pivot;
      a(j, j) -= temp * temp * pivot;
      for (Eigen::Index k = j + 1; k < n; ++k) a(k, j) -= temp * a(k, i);
      a(j, i) = temp;
    }
  }
  return singular;
}

double normal_two_sided(double z) { return std::erfc(std::fabs(z) / std::numbers::sqrt2); }

CoxTest chi_square_test(double statistic, int df) {
  return {statistic, df, analytics::chi_square_upper(statistic, df)};
}

}  // namespace

core::Result<CoxFit> CoxFit::create(std::vector<std::string> names, std::size_t sites,
                                    const CoxOptions& options) {
  if (!names.empty() && names.front() == "(Intercept)") names.erase(names.begin());
  if (names.empty()) return core::fail(core::bad_input("a Cox model needs at least one covariate"));
  const double step = options.allow_event_times ? options.time_step : options.coarse_step;
  if (!(step > 0) || !(options.max_time >= 0) || options.max_time / step > 1e7) {
    return core::fail(core::bad_input(fmt::format(
        "Cox time grid: step {} and horizon {} must be positive with at most 1e7 points", step,
        options.max_time)));
  }
  if (!(options.eps > 0) || options.max_iter < 1 || !(options.toler_chol > 0) ||
      !(options.conf_level > 0 && options.conf_level < 1) || options.concordance_bins < 1) {
    return core::fail(core::bad_input(
        "Cox options: eps, toler_chol > 0, max_iter >= 1, 0 < conf_level < 1, concordance_bins >= 1"));
  }
  CoxFit fit;
  fit.p_ = static_cast<Eigen::Index>(names.size());
  fit.names_ = std::move(names);
  fit.result_.options = options;
  fit.result_.stratified = options.stratify_by_site;
  fit.result_.sites = sites;
  fit.request_.stratified = options.stratify_by_site;
  fit.request_.ties = options.ties;
  fit.request_.grid_step = step;
  fit.request_.grid_max = options.max_time;
  if (!options.stratify_by_site) fit.result_.grid_step = step;
  return fit;
}

std::size_t CoxFit::answer_size() const {
  const auto p = static_cast<std::size_t>(p_);
  const std::size_t k = request_.times.size();
  switch (request_.step) {
    case CoxStep::summary:
      return 2 + p + triangle_size(p) +
             (request_.stratified
                  ? 0
                  : static_cast<std::size_t>(std::ceil(request_.grid_max / request_.grid_step)) + 2);
    case CoxStep::derivatives:
      if (request_.stratified) return 1 + p + triangle_size(p);
      return k * (1 + p + triangle_size(p)) * (request_.ties == CoxTies::efron ? 2 : 1) + p;
    case CoxStep::concordance:
      return request_.stratified ? 3 : 2 * k * (request_.edges.size() + 1);
    case CoxStep::done:
      break;
  }
  return 0;
}

core::Status CoxFit::fail(core::Error error) {
  request_.step = CoxStep::done;
  error_.assign(1, error);
  return core::fail(std::move(error));
}

core::Status CoxFit::accept(std::span<const double> summed) {
  if (done()) return core::fail(core::bad_input("the Cox fit is finished: no answer expected"));
  if (summed.size() != answer_size()) {
    return fail(core::bad_input(fmt::format("the summed Cox answer has {} values, expected {}",
                                            summed.size(), answer_size())));
  }
  ++result_.rounds;
  switch (request_.step) {
    case CoxStep::summary:
      return accept_summary(summed);
    case CoxStep::derivatives:
      return accept_derivatives(summed);
    case CoxStep::concordance:
      accept_concordance(summed);
      return {};
    case CoxStep::done:
      break;
  }
  return {};
}

core::Status CoxFit::accept_summary(std::span<const double> in) {
  std::size_t at = 0;
  const double n = in[at++], events = in[at++];
  result_.n = std::llround(n);
  result_.events = std::llround(events);
  if (events <= 0) return fail(core::bad_input("no events at any site: a Cox model cannot be fitted"));
  mean_ = segment(in, at, p_) / n;
  const Eigen::MatrixXd cross = read_upper(in, at, p_);
  covariance_ = (cross - n * mean_ * mean_.transpose()) / std::max(n - 1, 1.0);
  for (Eigen::Index j = 0; j < p_; ++j) {
    if (covariance_(j, j) <= 1e-12 * std::max(1.0, mean_(j) * mean_(j))) {
      // Not the value: it would be every selected patient's.
      return fail(core::bad_input(
          fmt::format("covariate '{}' is constant at every site: its coefficient cannot be estimated",
                      names_[static_cast<std::size_t>(j)]),
          core::Location{.field = names_[static_cast<std::size_t>(j)]}));
    }
  }
  if (!request_.stratified) {
    // Only grid points with events become event times: the coordinator learns the union
    // of event times and the pooled number of events at each, never a site's own.
    const std::size_t points = in.size() - at - 1;
    for (std::size_t g = 0; g < points; ++g) {
      if (in[at + g] > 0) {
        request_.times.push_back(static_cast<double>(g) * request_.grid_step);
        event_counts_.push_back(in[at + g]);
      }
    }
    const double rounded = in.back();
    result_.event_times = request_.times.size();
    result_.coarsened = !result_.options.allow_event_times || rounded > 0;
    request_.center = mean_;
  }
  beta_ = Eigen::VectorXd::Zero(p_);
  request_.beta = beta_;
  request_.step = CoxStep::derivatives;
  return {};
}

CoxDerivatives CoxFit::pooled_derivatives(std::span<const double> in) const {
  CoxDerivatives d(p_);
  std::size_t at = 0;
  const bool efron = request_.ties == CoxTies::efron;
  for (double count : event_counts_) {
    WeightedSums risk(p_), tied(p_);
    for (WeightedSums* s : {&risk, &tied}) {
      if (s == &tied && !efron) break;
      s->s0 = in[at++];
      s->s1 = segment(in, at, p_);
      s->s2 = read_upper(in, at, p_);
    }
    add_event_time(d, request_.ties, count, risk, tied);
  }
  const Eigen::VectorXd event_x = segment(in, at, p_);
  d.loglik += event_x.dot(request_.beta);
  d.gradient += event_x;
  return d;
}

core::Status CoxFit::accept_derivatives(std::span<const double> in) {
  CoxDerivatives d(p_);
  if (request_.stratified) {
    std::size_t at = 0;
    d.loglik = in[at++];
    d.gradient = segment(in, at, p_);
    d.information = read_upper(in, at, p_);
  } else {
    d = pooled_derivatives(in);
    d.information = d.information.selfadjointView<Eigen::Upper>();
  }
  if (!std::isfinite(d.loglik)) {
    return fail(core::bad_input(fmt::format(
        "the partial log-likelihood is not finite at iteration {} (numeric overflow)", iteration_)));
  }
  return newton(d);
}

core::Result<Eigen::VectorXd> CoxFit::solve(const CoxDerivatives& d) const {
  const std::vector<Eigen::Index> singular = singular_columns(d.information, result_.options.toler_chol);
  if (!singular.empty()) {
    std::string which;
    for (Eigen::Index j : singular) {
      which += (which.empty() ? "'" : ", '") + names_[static_cast<std::size_t>(j)] + "'";
    }
    return core::fail(core::bad_input(
        fmt::format("the information matrix is singular at iteration {}: covariate {} is "
                    "collinear with the others or constant within every {}",
                    iteration_, which, request_.stratified ? "site" : "risk set"),
        core::Location{.field = names_[static_cast<std::size_t>(singular.front())]}));
  }
  return Eigen::VectorXd(d.information.llt().solve(d.gradient));
}

core::Status CoxFit::newton(const CoxDerivatives& d) {
  const CoxOptions& o = result_.options;
  if (iteration_ == 0) {
    auto step = solve(d);
    if (!step) return fail(step.error());
    result_.loglik_null = best_loglik_ = d.loglik;
    result_.score = chi_square_test(d.gradient.dot(*step), static_cast<int>(p_));
    iteration_ = 1;
    request_.beta = beta_ + *step;
    return {};
  }
  if (!halving_ && std::fabs(1 - best_loglik_ / d.loglik) <= o.eps) return finish(d, true);
  if (iteration_ == o.max_iter) return finish(d, false);
  if (d.loglik < best_loglik_) {
    // Not converging: halve the last step from the best beta.
    halving_ = true;
    request_.beta = (request_.beta + beta_) / 2;
  } else {
    auto step = solve(d);
    if (!step) return fail(step.error());
    halving_ = false;
    best_loglik_ = d.loglik;
    beta_ = request_.beta;
    request_.beta = beta_ + *step;
  }
  ++iteration_;
  return {};
}

core::Status CoxFit::finish(const CoxDerivatives& d, bool converged) {
  const CoxOptions& o = result_.options;
  auto checked = solve(d);
  if (!checked) return fail(checked.error());
  const Eigen::VectorXd beta = request_.beta;
  result_.variance = d.information.llt().solve(Eigen::MatrixXd::Identity(p_, p_));
  result_.loglik = d.loglik;
  result_.iterations = iteration_;
  result_.converged = converged;
  if (!converged) {
    result_.warnings.push_back(
        fmt::format("Ran out of iterations ({}) and did not converge", o.max_iter));
  } else {
    // coxph's test: the score still moves a coefficient by more than toler_inf * |beta|.
    const Eigen::VectorXd move = (d.gradient.transpose() * result_.variance).cwiseAbs();
    for (Eigen::Index j = 0; j < p_; ++j) {
      if (move(j) > o.eps && move(j) > o.toler_inf * std::fabs(beta(j))) {
        result_.warnings.push_back(fmt::format(
            "Loglik converged before variable {} ('{}'); coefficient may be infinite", j + 1,
            names_[static_cast<std::size_t>(j)]));
      }
    }
  }
  const double q = analytics::normal_quantile(1 - (1 - o.conf_level) / 2);
  for (Eigen::Index j = 0; j < p_; ++j) {
    CoxCoefficient c;
    c.name = names_[static_cast<std::size_t>(j)];
    c.coef = beta(j);
    c.exp_coef = std::exp(c.coef);
    c.se = std::sqrt(result_.variance(j, j));
    c.z = c.coef / c.se;
    c.p_value = normal_two_sided(c.z);
    c.lower = std::exp(c.coef - q * c.se);
    c.upper = std::exp(c.coef + q * c.se);
    result_.coefficients.push_back(c);
  }
  const int df = static_cast<int>(p_);
  result_.likelihood_ratio = chi_square_test(2 * (result_.loglik - result_.loglik_null), df);
  result_.wald = chi_square_test(beta.dot(d.information * beta), df);
  request_.step = CoxStep::concordance;
  if (!request_.stratified) {
    // Bins over the pooled linear predictor (mean 0 after centring) +- 5 sd.
    const double sd = std::sqrt(std::max(0.0, beta.dot(covariance_ * beta)));
    request_.edges.clear();
    const std::size_t bins = o.concordance_bins;
    if (sd > 0 && bins > 2) {
      for (std::size_t i = 0; i + 1 < bins; ++i) {
        request_.edges.push_back(-5 * sd + 10 * sd * static_cast<double>(i) / static_cast<double>(bins - 2));
      }
    }
  }
  return {};
}

void CoxFit::accept_concordance(std::span<const double> in) {
  CoxConcordance& c = result_.concordance;
  if (request_.stratified) {
    c.concordant = in[0];
    c.discordant = in[1];
    c.tied_x = in[2];
  } else {
    c.approximate = true;
    const std::size_t bins = request_.edges.size() + 1;
    for (std::size_t k = 0; k < request_.times.size(); ++k) {
      const double* events = in.data() + 2 * k * bins;
      const double* later = events + bins;
      double total = 0;
      for (std::size_t b = 0; b < bins; ++b) total += later[b];
      double below = 0;
      for (std::size_t b = 0; b < bins; ++b) {
        c.concordant += events[b] * below;
        c.tied_x += events[b] * later[b];
        below += later[b];
        c.discordant += events[b] * (total - below);
      }
    }
  }
  const double pairs = c.concordant + c.discordant + c.tied_x;
  c.value = pairs > 0 ? (c.concordant + c.tied_x / 2) / pairs : std::nan("");
  request_.step = CoxStep::done;
}

core::Result<CoxResult> CoxFit::result() const {
  if (!error_.empty()) return core::fail(error_.front());
  if (!done()) return core::fail(core::bad_input("the Cox fit is not finished"));
  return result_;
}

}  // namespace oncoshare::models
