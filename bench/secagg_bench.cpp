// Secure aggregation throughput: 10 participants (t = 6, all pairs), vectors of 231 elements
// (a 21x21 symmetric Hessian) and 20,000 elements, with no dropout and with 2 dropouts after
// round 1. Time per round (all participants' work summed, as one core runs them all), total,
// elements/s, JSON bytes per masked input, next to plain double summation of the same vectors
// in the same run; peak RSS. Component figures: secure aggregation has no command of its
// own; `oncoshare study run` uses it for every round of a model fit (model_federation_bench).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <vector>

#include "must.hpp"
#include "peak_memory.hpp"
#include "secure/secagg.hpp"
#include "throughput_table.hpp"

namespace sec = oncoshare::secure;

namespace {

using oncoshare::bench::must;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void run(std::uint32_t length, const std::set<std::uint32_t>& dropped) {
  constexpr std::uint32_t kN = 10;
  const sec::SecAggParams params{"bench", kN, 6, 0, length, sec::kDefaultFractionalBits};
  std::mt19937_64 rng(1);
  std::normal_distribution<double> normal(0.0, 1000.0);
  std::vector<std::vector<double>> inputs(kN, std::vector<double>(length));
  for (auto& v : inputs)
    for (double& x : v) x = normal(rng);

  double t[5] = {};
  auto start = Clock::now();
  sec::SecAggAggregator agg = must(sec::SecAggAggregator::create(params));
  std::vector<sec::SecAggParticipant> nodes;
  for (std::uint32_t i = 1; i <= kN; ++i) {
    nodes.push_back(must(sec::SecAggParticipant::create(params, i)));
    must(agg.receive(nodes.back().advertise()));
  }
  const auto advertised = must(agg.close_advertise());
  t[0] = seconds_since(start);

  start = Clock::now();
  for (auto& node : nodes)
    for (const auto& s : must(node.share_keys(advertised))) must(agg.receive(s));
  (void)must(agg.close_shares());
  t[1] = seconds_since(start);

  start = Clock::now();
  std::size_t json_bytes = 0;
  for (auto& node : nodes) {
    if (dropped.count(node.index()) != 0) continue;
    const sec::MaskedInput y = must(node.mask_input(inputs[node.index() - 1], must(agg.shares_for(node.index()))));
    json_bytes = sec::serialize(y).size();
    must(agg.receive(y));
  }
  const sec::UnmaskRequest request = must(agg.close_inputs());
  t[2] = seconds_since(start);

  start = Clock::now();
  for (const std::uint32_t i : request.survivors) must(agg.receive(must(nodes[i - 1].unmask(request))));
  t[3] = seconds_since(start);

  start = Clock::now();
  const sec::AggregateResult result = must(agg.finish());
  t[4] = seconds_since(start);

  // Baseline: the plain sum of the survivors' vectors, and the largest deviation from it.
  start = Clock::now();
  std::vector<double> plain(length, 0.0);
  for (const std::uint32_t i : result.survivors)
    for (std::uint32_t k = 0; k < length; ++k) plain[k] += inputs[i - 1][k];
  const double baseline = seconds_since(start);
  double deviation = 0;
  for (std::uint32_t k = 0; k < length; ++k) deviation = std::max(deviation, std::fabs(plain[k] - result.sum[k]));

  const double total = t[0] + t[1] + t[2] + t[3] + t[4];
  const double elements = static_cast<double>(kN) * length;
  std::printf("length %6u, %zu dropped: advertise %.4f s, share keys %.4f s, masked input %.4f s, unmask %.4f s, "
              "aggregate %.4f s\n",
              length, dropped.size(), t[0], t[1], t[2], t[3], t[4]);
  std::printf("  total %.4f s = %.2f M elements/s; plain double sum %.6f s = %.0f M elements/s (%.0fx); "
              "max |secure - plain| %.3g; masked input %zu bytes of JSON\n",
              total, elements / total / 1e6, baseline, elements / baseline / 1e6, total / baseline, deviation,
              json_bytes);
}

}  // namespace

int main() {
  oncoshare::bench::print_component_bench(
      "Secure aggregation (secure::SecAgg*)",
      "`oncoshare study run` (every round of a glm or cox fit), timed as a whole process by model_federation_bench");
  for (const std::uint32_t length : {231u, 20000u}) {
    run(length, {});
    run(length, {3, 8});
  }
  std::printf("peak RSS %.1f MiB\n", oncoshare::bench::peak_rss_mib());
  return 0;
}
