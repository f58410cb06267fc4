#include "analytics/log_rank.hpp"

#include <cmath>
#include <limits>
#include <utility>

#include "analytics/distributions.hpp"

namespace oncoshare::analytics {
namespace {

// Solves a x = b (a: n x n row-major) by Gaussian elimination with partial pivoting, as
// R's solve() does via LAPACK's dgesv. False when a is singular.
bool solve(std::vector<double> a, std::vector<double>& b) {
  const std::size_t n = b.size();
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r) {
      if (std::fabs(a[r * n + col]) > std::fabs(a[pivot * n + col])) pivot = r;
    }
    if (std::fabs(a[pivot * n + col]) < 1e-300) return false;
    if (pivot != col) {
      for (std::size_t c = 0; c < n; ++c) std::swap(a[col * n + c], a[pivot * n + c]);
      std::swap(b[col], b[pivot]);
    }
    for (std::size_t r = col + 1; r < n; ++r) {
      const double f = a[r * n + col] / a[col * n + col];
      for (std::size_t c = col; c < n; ++c) a[r * n + c] -= f * a[col * n + c];
      b[r] -= f * b[col];
    }
  }
  for (std::size_t r = n; r-- > 0;) {
    for (std::size_t c = r + 1; c < n; ++c) b[r] -= a[r * n + c] * b[c];
    b[r] /= a[r * n + r];
  }
  return true;
}

}  // namespace

core::Result<LogRankResult> log_rank(const SurvivalCounts& counts) {
  const std::size_t groups = counts.groups.size(), k = counts.grid.size();
  if (groups < 2) return core::bad_input("log-rank test: needs a group variable with two or more groups");
  LogRankResult out{counts.groups, counts.group_labels, std::vector<std::int64_t>(groups, 0),
                    std::vector<double>(groups, 0), std::vector<double>(groups, 0),
                    std::vector<double>(groups * groups, 0), 0, 0, 0};
  for (std::size_t g = 0; g < groups; ++g) out.n[g] = counts.at_risk[counts.index(g, 0)];
  for (std::size_t j = 0; j < k; ++j) {
    double n = 0, d = 0;
    for (std::size_t g = 0; g < groups; ++g) {
      n += static_cast<double>(counts.at_risk[counts.index(g, j)]);
      d += static_cast<double>(counts.events[counts.index(g, j)]);
    }
    if (d == 0) continue;
    // survdiff2.c: kk = d (n - d) / (n - 1), zero when only one is at risk.
    const double kk = n > 1 ? d * (n - d) / (n - 1) : 0;
    for (std::size_t g = 0; g < groups; ++g) {
      const double share = static_cast<double>(counts.at_risk[counts.index(g, j)]) / n;
      out.observed[g] += static_cast<double>(counts.events[counts.index(g, j)]);
      out.expected[g] += d * share;
      out.variance[g * groups + g] += kk * share;
      for (std::size_t h = 0; h < groups; ++h) {
        out.variance[g * groups + h] -=
            kk * share * static_cast<double>(counts.at_risk[counts.index(h, j)]) / n;
      }
    }
  }
  // survdiff drops groups with nothing expected, then the first kept group.
  std::vector<std::size_t> kept;
  for (std::size_t g = 0; g < groups; ++g) if (out.expected[g] > 0) kept.push_back(g);
  out.df = static_cast<int>(kept.size()) - 1;
  if (kept.size() < 2) {
    out.p_value = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  const std::size_t m = kept.size() - 1;
  std::vector<double> v(m * m), diff(m);
  for (std::size_t a = 0; a < m; ++a) {
    diff[a] = out.observed[kept[a + 1]] - out.expected[kept[a + 1]];
    for (std::size_t b = 0; b < m; ++b) v[a * m + b] = out.variance[kept[a + 1] * groups + kept[b + 1]];
  }
  std::vector<double> x = diff;
  if (!solve(v, x)) return core::bad_input("log-rank test: the variance matrix is singular");
  for (std::size_t a = 0; a < m; ++a) out.chi_square += x[a] * diff[a];
  out.p_value = chi_square_upper(out.chi_square, out.df);
  return out;
}

}  // namespace oncoshare::analytics
