// Options of the federated Cox model and the request a coordinator broadcasts each round.
// Every site answers a request with one flat vector of doubles whose layout depends only
// on the request and the number of covariates, so the answers can be summed element-wise
// (by secure aggregation in production) and the coordinator never sees one site's values.
#pragma once

#include <Eigen/Dense>

#include <cstddef>
#include <string_view>
#include <vector>

namespace oncoshare::models {

// How tied event times enter the partial likelihood (coxph's ties = "efron" / "breslow").
enum class CoxTies { breslow, efron };

[[nodiscard]] std::string_view to_string(CoxTies ties);

// The candidate grid's horizon: 100 years of days. Sites check every time against it, so a
// shorter horizon would tell whether some time lies beyond it (nodes refuse one).
inline constexpr double kCoxHorizonDays = 36525;

struct CoxOptions {
  CoxTies ties = CoxTies::efron;
  // true: strata(site), every site keeps its own risk sets (part a). false: one pooled
  // baseline hazard on the union of event times (part b).
  bool stratify_by_site = true;
  // Pooled model only: whether policy lets the sum of per-time event counts reveal the
  // exact event times. When false the times are rounded up to multiples of coarse_step.
  bool allow_event_times = true;
  double time_step = 1;     // resolution of the exact candidate grid (days)
  double coarse_step = 30;  // grid step used when event times may not be revealed
  double max_time = kCoxHorizonDays;  // candidate grid horizon: a larger time is an error
  // Newton-Raphson as survival::coxph.control: relative loglik change, iterations,
  // Cholesky pivot tolerance (relative to the largest diagonal), infinite-beta tolerance.
  double eps = 1e-9;
  int max_iter = 20;
  double toler_chol = 1.8189894035458617e-12;  // .Machine$double.eps^0.75
  double toler_inf = 3.1622776601683795e-5;    // sqrt(eps)
  double conf_level = 0.95;
  // Pooled model: linear-predictor bins of the approximate concordance.
  std::size_t concordance_bins = 400;
};

// What the coordinator asks for. See docs/models.md for each answer's layout.
enum class CoxStep {
  summary,      // counts, covariate sums and (pooled) per-grid-time event counts
  derivatives,  // stratified: loglik, gradient, information; pooled: risk-set sums
  concordance,  // concordance pair counts (stratified) or lp histograms (pooled)
  done,
};

struct CoxRequest {
  CoxStep step = CoxStep::summary;
  bool stratified = true;
  CoxTies ties = CoxTies::efron;
  double grid_step = 1;       // pooled summary: candidate grid 0, step, 2 step, ...
  double grid_max = kCoxHorizonDays;  // pooled summary: horizon
  std::vector<double> times;  // pooled derivatives / concordance: the event-time grid
  Eigen::VectorXd beta;       // derivatives, concordance
  Eigen::VectorXd center;     // pooled: covariate means subtracted before exp()
  std::vector<double> edges;  // pooled concordance: inner bin edges, ascending
};

// Length of a packed upper triangle of a p x p symmetric matrix.
[[nodiscard]] constexpr std::size_t triangle_size(std::size_t p) { return p * (p + 1) / 2; }

}  // namespace oncoshare::models
