#include "analytics/kaplan_meier.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "analytics/distributions.hpp"

namespace oncoshare::analytics {
namespace {

constexpr double kNa = std::numeric_limits<double>::quiet_NaN();

// survfit_confint(): `se` is the standard error of log S (sqrt of the Greenwood sum).
void confidence(KmRow& row, double se, double z, ConfType type) {
  const double p = row.surv;
  switch (type) {
    case ConfType::plain:
      row.lower = std::fmax(p - z * se * p, 0);
      row.upper = std::fmin(p + z * se * p, 1);
      return;
    case ConfType::log:
      if (p == 0) { row.lower = row.upper = kNa; return; }
      row.lower = std::exp(std::log(p) - z * se);
      row.upper = std::fmin(std::exp(std::log(p) + z * se), 1);
      return;
    case ConfType::log_log: {
      if (p == 0 || p == 1) { row.lower = row.upper = kNa; return; }
      const double shift = z * se / std::log(p);
      row.lower = std::exp(-std::exp(std::log(-std::log(p)) - shift));
      row.upper = std::exp(-std::exp(std::log(-std::log(p)) + shift));
      return;
    }
  }
}

// quantile.survfit's rule on a step curve: the first time y <= 0.5; where y is 0.5
// (within sqrt(machine epsilon)) on a whole step, the midpoint of that step.
double median_of(const std::vector<KmRow>& rows, double KmRow::*curve) {
  const double tolerance = std::sqrt(std::numeric_limits<double>::epsilon());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double y = rows[i].*curve;
    if (std::isnan(y) || y > 0.5 + tolerance) continue;
    if (std::fabs(y - 0.5) > tolerance) return rows[i].time;
    for (std::size_t k = i + 1; k < rows.size(); ++k) {
      if (rows[k].*curve < y - tolerance) return (rows[i].time + rows[k].time) / 2;
    }
    return rows[i].time;
  }
  return kNa;
}

}  // namespace

std::string_view to_string(ConfType type) {
  switch (type) {
    case ConfType::log: return "log";
    case ConfType::log_log: return "log-log";
    case ConfType::plain: return "plain";
  }
  return "log";
}

core::Result<KmResult> kaplan_meier(const SurvivalCounts& counts, const KmOptions& options) {
  if (!(options.conf_level > 0 && options.conf_level < 1)) {
    return core::bad_input(fmt::format("confidence level {} is not in (0, 1)", options.conf_level));
  }
  const double z = normal_quantile(1 - (1 - options.conf_level) / 2);
  KmResult out{options, {}, counts.excluded};
  const std::size_t k = counts.grid.size();
  for (std::size_t g = 0; g < counts.groups.size(); ++g) {
    KmCurve curve{counts.groups[g], counts.group_labels[g], 0, 0, {}, 0, 0, 0};
    curve.n = k == 0 ? 0 : counts.at_risk[counts.index(g, 0)];
    double surv = 1, greenwood = 0;
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t i = counts.index(g, j);
      const std::int64_t n = counts.at_risk[i], d = counts.events[i], c = counts.censored[i];
      const bool consistent =
          n >= 0 && d >= 0 && c >= 0 && d + c <= n &&
          (j + 1 == k || counts.at_risk[i + 1] == n - d - c);
      if (!consistent) {
        return core::bad_input(fmt::format(
            "survival counts of group '{}' at time {} are inconsistent (at risk {}, events {}, "
            "censored {})", counts.group_labels[g], counts.grid[j], n, d, c));
      }
      if (d + c == 0) continue;
      if (d > 0) {
        surv *= static_cast<double>(n - d) / static_cast<double>(n);
        greenwood += n == d ? std::numeric_limits<double>::infinity()
                            : static_cast<double>(d) / (static_cast<double>(n) * (n - d));
      }
      curve.events += d;
      KmRow row{counts.grid[j], n, d, c, surv, surv * std::sqrt(greenwood), 0, 0};
      confidence(row, std::sqrt(greenwood), z, options.conf_type);
      curve.rows.push_back(row);
    }
    curve.median = median_of(curve.rows, &KmRow::surv);
    curve.median_lower = median_of(curve.rows, &KmRow::lower);
    curve.median_upper = median_of(curve.rows, &KmRow::upper);
    out.curves.push_back(std::move(curve));
  }
  return out;
}

}  // namespace oncoshare::analytics
