// The log-rank test between the groups of (summed) SurvivalCounts, as R's
// survdiff(rho = 0): observed and expected events, their variance matrix, chi-square.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/survival_counts.hpp"
#include "core/result.hpp"

namespace oncoshare::analytics {

struct LogRankResult {
  std::vector<std::string> groups, labels;
  std::vector<std::int64_t> n;     // at risk at the start, per group
  std::vector<double> observed;    // events per group
  std::vector<double> expected;
  std::vector<double> variance;    // groups x groups, row-major (survdiff's var)
  double chi_square = 0;
  int df = 0;                      // groups with expected > 0, minus one
  double p_value = 1;              // NaN when df = 0
};

// Fails with fewer than two groups, or when the variance matrix is singular.
[[nodiscard]] core::Result<LogRankResult> log_rank(const SurvivalCounts& counts);

}  // namespace oncoshare::analytics
