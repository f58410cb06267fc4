// Latency percentiles of repeated timings, for benchmark reports.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace oncoshare::bench {

struct Latency {
  double p50 = 0, p90 = 0, p99 = 0, mean = 0;
};

// Nearest-rank percentiles and the mean of `ms` (all zero when empty).
inline Latency summarize(std::vector<double> ms) {
  Latency l;
  if (ms.empty()) return l;
  std::sort(ms.begin(), ms.end());
  auto rank = [&](double p) {
    return ms[static_cast<std::size_t>(
        std::max(0.0, std::ceil(p * static_cast<double>(ms.size())) - 1))];
  };
  l.p50 = rank(0.50);
  l.p90 = rank(0.90);
  l.p99 = rank(0.99);
  for (double v : ms) l.mean += v / static_cast<double>(ms.size());
  return l;
}

}  // namespace oncoshare::bench
