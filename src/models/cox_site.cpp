#include "models/cox_site.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/cox_math.hpp"

namespace oncoshare::models {
namespace {

// Cox models have no intercept: a design built with one keeps it in column 0.
Eigen::Index first_covariate(const Design& site) {
  return !site.names.empty() && site.names[0] == "(Intercept)" ? 1 : 0;
}

Eigen::MatrixXd covariates(const Design& site) {
  const Eigen::Index first = first_covariate(site);
  return site.x.rightCols(site.x.cols() - first);
}

double on_grid(double time, double step) { return std::ceil(time / step) * step; }

core::Status check_rows(const Design& site, const CoxRequest& request) {
  const Eigen::Index p = site.x.cols() - first_covariate(site);
  if (site.time.size() != site.x.rows() || site.event.size() != site.x.rows()) {
    return core::fail(core::bad_input("the design has no Surv(time, event) columns"));
  }
  if (request.step != CoxStep::summary && request.beta.size() != p) {
    return core::fail(core::bad_input(
        fmt::format("the site has {} covariates but the request has {}", p, request.beta.size())));
  }
  for (Eigen::Index i = 0; i < site.time.size(); ++i) {
    const double t = site.time(i), e = site.event(i);
    // The rule only: a row number or value would tell about one patient.
    if (!std::isfinite(t) || (!request.stratified && (t < 0 || t > request.grid_max))) {
      return core::fail(core::bad_input(
          fmt::format("{}: a value is not a finite number in [0, {}]", variable_label("time", site.time_variable),
                      request.grid_max),
          core::Location{.field = "time"}));
    }
    if (e != 0 && e != 1) {
      return core::fail(core::bad_input(
          fmt::format("{}: a value is not 0 or 1", variable_label("event", site.event_variable)),
          core::Location{.field = "event"}));
    }
  }
  return {};
}

// Row indices ordered by time, latest first.
std::vector<Eigen::Index> latest_first(const Eigen::VectorXd& time) {
  std::vector<Eigen::Index> order(static_cast<std::size_t>(time.size()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return time(a) > time(b); });
  return order;
}

// Position of each row's rounded time among the event times: the last k with
// times[k] <= rounded time (-1 when before the first).
std::vector<std::ptrdiff_t> last_time_index(const Design& site, const CoxRequest& request) {
  std::vector<std::ptrdiff_t> index(static_cast<std::size_t>(site.time.size()));
  for (Eigen::Index i = 0; i < site.time.size(); ++i) {
    const double t = on_grid(site.time(i), request.grid_step);
    index[static_cast<std::size_t>(i)] =
        std::upper_bound(request.times.begin(), request.times.end(), t) - request.times.begin() - 1;
  }
  return index;
}

// Counts of values < v, == v among inserted ranks (a Fenwick tree over ranks).
class RankCounter {
 public:
  explicit RankCounter(std::size_t n) : tree_(n + 1, 0) {}
  void insert(std::size_t rank) {
    for (std::size_t i = rank + 1; i < tree_.size(); i += i & (~i + 1)) ++tree_[i];
    ++total_;
  }
  [[nodiscard]] double below(std::size_t rank) const {  // ranks < rank
    double sum = 0;
    for (std::size_t i = rank; i > 0; i -= i & (~i + 1)) sum += tree_[i];
    return sum;
  }
  [[nodiscard]] double total() const { return total_; }

 private:
  std::vector<double> tree_;
  double total_ = 0;
};

}  // namespace

core::Result<std::vector<double>> cox_summary(const Design& site, const CoxRequest& request) {
  ONCOSHARE_TRY(check_rows(site, request));
  const Eigen::MatrixXd x = covariates(site);
  const Eigen::MatrixXd xx = x.transpose() * x;
  std::vector<double> out{static_cast<double>(x.rows()), site.event.sum()};
  for (Eigen::Index j = 0; j < x.cols(); ++j) out.push_back(x.col(j).sum());
  append_upper(out, xx);
  if (request.stratified) return out;
  const auto points = static_cast<std::size_t>(std::ceil(request.grid_max / request.grid_step)) + 1;
  const std::size_t start = out.size();
  out.resize(start + points + 1, 0.0);
  for (Eigen::Index i = 0; i < site.time.size(); ++i) {
    const double g = std::ceil(site.time(i) / request.grid_step);
    if (site.event(i) == 1) out[start + static_cast<std::size_t>(g)] += 1;
    if (g * request.grid_step != site.time(i)) out.back() += 1;
  }
  return out;
}

core::Result<std::vector<double>> cox_stratum_derivatives(const Design& site,
                                                          const CoxRequest& request) {
  ONCOSHARE_TRY(check_rows(site, request));
  const Eigen::Index p = request.beta.size();
  Eigen::MatrixXd x = covariates(site);
  // Centring within the stratum leaves the partial likelihood unchanged and keeps exp() finite.
  if (x.rows() > 0) x.rowwise() -= x.colwise().mean();
  const Eigen::VectorXd eta = x * request.beta;
  CoxDerivatives d(p);
  WeightedSums risk(p);
  const std::vector<Eigen::Index> order = latest_first(site.time);
  for (std::size_t begin = 0; begin < order.size();) {
    std::size_t end = begin;
    WeightedSums tied(p);
    double events = 0;
    for (; end < order.size() && site.time(order[end]) == site.time(order[begin]); ++end) {
      const Eigen::Index i = order[end];
      const Eigen::VectorXd xi = x.row(i).transpose();
      const double w = std::exp(eta(i));
      risk.add(w, xi);
      if (site.event(i) == 1) {
        tied.add(w, xi);
        events += 1;
        d.loglik += eta(i);
        d.gradient += xi;
      }
    }
    add_event_time(d, request.ties, events, risk, tied);
    begin = end;
  }
  std::vector<double> out{d.loglik};
  out.insert(out.end(), d.gradient.begin(), d.gradient.end());
  append_upper(out, d.information);
  return out;
}

core::Result<std::vector<double>> cox_risk_set_sums(const Design& site, const CoxRequest& request) {
  ONCOSHARE_TRY(check_rows(site, request));
  const Eigen::Index p = request.beta.size();
  const std::size_t k_count = request.times.size();
  Eigen::MatrixXd x = covariates(site);
  if (x.rows() > 0) x.rowwise() -= request.center.transpose();
  const Eigen::VectorXd eta = x * request.beta;
  const std::vector<std::ptrdiff_t> last = last_time_index(site, request);
  // Each row goes into the bucket of its last risk set; suffix sums then give every risk set.
  std::vector<WeightedSums> risk(k_count, WeightedSums(p)), tied(k_count, WeightedSums(p));
  Eigen::VectorXd event_x = Eigen::VectorXd::Zero(p);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const std::ptrdiff_t k = last[static_cast<std::size_t>(i)];
    // An event off the request's event-time grid counts in the risk sets only. An honest
    // grid (every time the pooled summary counted an event at) holds every event; an error
    // here would tell a researcher who leaves a time out whether this site had an event
    // then.
    const bool event = site.event(i) == 1 && k >= 0 &&
                       request.times[static_cast<std::size_t>(k)] == on_grid(site.time(i), request.grid_step);
    if (k < 0) continue;
    const Eigen::VectorXd xi = x.row(i).transpose();
    const double w = std::exp(eta(i));
    risk[static_cast<std::size_t>(k)].add(w, xi);
    if (event) {
      tied[static_cast<std::size_t>(k)].add(w, xi);
      event_x += xi;
    }
  }
  const bool efron = request.ties == CoxTies::efron;
  std::vector<double> out;
  out.reserve(k_count * (1 + p + triangle_size(p)) * (efron ? 2 : 1) + p);
  for (std::size_t k = k_count; k-- > 1;) {
    risk[k - 1].s0 += risk[k].s0;
    risk[k - 1].s1 += risk[k].s1;
    risk[k - 1].s2 += risk[k].s2;
  }
  for (std::size_t k = 0; k < k_count; ++k) {
    for (const WeightedSums* s : {&risk[k], &tied[k]}) {
      if (s == &tied[k] && !efron) break;
      out.push_back(s->s0);
      out.insert(out.end(), s->s1.begin(), s->s1.end());
      append_upper(out, s->s2);
    }
  }
  out.insert(out.end(), event_x.begin(), event_x.end());
  return out;
}

core::Result<std::vector<double>> cox_concordance_counts(const Design& site,
                                                         const CoxRequest& request) {
  ONCOSHARE_TRY(check_rows(site, request));
  const Eigen::VectorXd lp = covariates(site) * request.beta;
  std::vector<double> values(lp.begin(), lp.end());
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  auto rank = [&](Eigen::Index i) {
    return static_cast<std::size_t>(std::lower_bound(values.begin(), values.end(), lp(i)) -
                                    values.begin());
  };
  RankCounter later(values.size());
  double concordant = 0, discordant = 0, tied = 0;
  const std::vector<Eigen::Index> order = latest_first(site.time);
  for (std::size_t begin = 0; begin < order.size();) {
    std::size_t end = begin;
    while (end < order.size() && site.time(order[end]) == site.time(order[begin])) ++end;
    // Censorings tied with this time count as longer: insert them before the events.
    for (std::size_t n = begin; n < end; ++n) {
      if (site.event(order[n]) == 0) later.insert(rank(order[n]));
    }
    for (std::size_t n = begin; n < end; ++n) {
      if (site.event(order[n]) == 0) continue;
      const std::size_t r = rank(order[n]);
      const double below = later.below(r), up_to = later.below(r + 1);
      concordant += below;
      tied += up_to - below;
      discordant += later.total() - up_to;
    }
    for (std::size_t n = begin; n < end; ++n) {
      if (site.event(order[n]) == 1) later.insert(rank(order[n]));
    }
    begin = end;
  }
  return std::vector<double>{concordant, discordant, tied};
}

core::Result<std::vector<double>> cox_concordance_histograms(const Design& site,
                                                             const CoxRequest& request) {
  ONCOSHARE_TRY(check_rows(site, request));
  const std::size_t k_count = request.times.size(), bins = request.edges.size() + 1;
  Eigen::MatrixXd x = covariates(site);
  if (x.rows() > 0) x.rowwise() -= request.center.transpose();
  const Eigen::VectorXd lp = x * request.beta;
  const std::vector<std::ptrdiff_t> last = last_time_index(site, request);
  std::vector<double> out(2 * k_count * bins, 0.0);
  // after[k * bins + b]: rows in bin b whose last "still at risk after t_k" time is t_k.
  std::vector<double> after(k_count * bins, 0.0);
  for (Eigen::Index i = 0; i < lp.size(); ++i) {
    const auto b = static_cast<std::size_t>(
        std::upper_bound(request.edges.begin(), request.edges.end(), lp(i)) - request.edges.begin());
    std::ptrdiff_t k = last[static_cast<std::size_t>(i)];
    if (k < 0) continue;
    const bool at_time = request.times[static_cast<std::size_t>(k)] ==
                         on_grid(site.time(i), request.grid_step);
    if (site.event(i) == 1) {
      out[(2 * static_cast<std::size_t>(k)) * bins + b] += 1;
    }
    // An event at t_k is not "after" t_k; a censoring at t_k is.
    if (site.event(i) == 1 && at_time) --k;
    if (k >= 0) after[static_cast<std::size_t>(k) * bins + b] += 1;
  }
  for (std::size_t k = k_count; k-- > 0;) {
    for (std::size_t b = 0; b < bins; ++b) {
      if (k + 1 < k_count) after[k * bins + b] += after[(k + 1) * bins + b];
      out[(2 * k + 1) * bins + b] = after[k * bins + b];
    }
  }
  return out;
}

core::Result<std::vector<double>> cox_site_answer(const Design& site, const CoxRequest& request) {
  switch (request.step) {
    case CoxStep::summary:
      return cox_summary(site, request);
    case CoxStep::derivatives:
      return request.stratified ? cox_stratum_derivatives(site, request)
                                : cox_risk_set_sums(site, request);
    case CoxStep::concordance:
      return request.stratified ? cox_concordance_counts(site, request)
                                : cox_concordance_histograms(site, request);
    case CoxStep::done:
      break;
  }
  return core::fail(core::bad_input("the Cox fit has no further request"));
}

}  // namespace oncoshare::models
