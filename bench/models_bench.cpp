// Federated logistic regression at scale: 10 sites x 100,000 rows x 20 covariates
// (generated here, fixed seed). Exact federated Newton (site sums through secure
// aggregation, and through a plain sum) vs FedAvg vs consensus ADMM vs the centralised
// Newton fit in the same run: rounds, wall time, max |coef - centralised|, peak memory.
// Component figures: only exact Newton has a command (`oncoshare study run`, timed as a
// whole process against node processes by model_federation_bench); FedAvg and ADMM have
// none.
// Usage: models_bench [sites=10] [rows_per_site=100000] [covariates=20]
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>

#include "logistic_data.hpp"
#include "models/models.hpp"
#include "peak_memory.hpp"
#include "secure/secagg.hpp"
#include "throughput_table.hpp"

namespace models = oncoshare::models;
namespace secure = oncoshare::secure;
namespace core = oncoshare::core;
using oncoshare::bench::estimates;
using oncoshare::bench::max_error;

namespace {

// The element-wise sum through one SecAgg aggregation per round (all pairs, t = n/2 + 1,
// every message in memory, no dropouts).
core::Result<std::vector<double>> secagg_sum(const std::vector<std::vector<double>>& vectors) {
  static int round = 0;
  secure::SecAggParams params;
  params.aggregation_id = fmt::format("glm-bench-round-{}", ++round);
  params.participants = static_cast<std::uint32_t>(vectors.size());
  params.threshold = params.participants / 2 + 1;
  params.length = static_cast<std::uint32_t>(vectors.front().size());
  auto aggregator = secure::SecAggAggregator::create(params);
  if (!aggregator) return core::fail(aggregator.error());
  std::vector<secure::SecAggParticipant> nodes;
  for (std::uint32_t i = 1; i <= params.participants; ++i) {
    auto node = secure::SecAggParticipant::create(params, i);
    if (!node) return core::fail(node.error());
    nodes.push_back(std::move(*node));
  }
  for (auto& node : nodes) ONCOSHARE_TRY(aggregator->receive(node.advertise()));
  auto advertised = aggregator->close_advertise();
  if (!advertised) return core::fail(advertised.error());
  for (auto& node : nodes) {
    auto shares = node.share_keys(*advertised);
    if (!shares) return core::fail(shares.error());
    for (const auto& s : *shares) ONCOSHARE_TRY(aggregator->receive(s));
  }
  if (auto u2 = aggregator->close_shares(); !u2) return core::fail(u2.error());
  for (auto& node : nodes) {
    auto relayed = aggregator->shares_for(node.index());
    if (!relayed) return core::fail(relayed.error());
    auto masked = node.mask_input(vectors[node.index() - 1], *relayed);
    if (!masked) return core::fail(masked.error());
    ONCOSHARE_TRY(aggregator->receive(*masked));
  }
  auto request = aggregator->close_inputs();
  if (!request) return core::fail(request.error());
  for (const std::uint32_t i : request->survivors) {
    auto shares = nodes[i - 1].unmask(*request);
    if (!shares) return core::fail(shares.error());
    ONCOSHARE_TRY(aggregator->receive(*shares));
  }
  auto result = aggregator->finish();
  if (!result) return core::fail(result.error());
  return result->sum;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void row(const char* method, std::size_t rounds, double seconds, double error) {
  fmt::print("{:<28} {:>7} {:>10.3f} {:>14.3g} {:>10.1f}\n", method, rounds, seconds, error,
             oncoshare::bench::peak_rss_mib());
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t sites = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10;
  const auto rows = static_cast<Eigen::Index>(argc > 2 ? std::strtol(argv[2], nullptr, 10) : 100000);
  const auto p = static_cast<Eigen::Index>(argc > 3 ? std::strtol(argv[3], nullptr, 10) : 20);
  oncoshare::bench::print_component_bench(
      "The choice of fitting method",
      "`oncoshare study run` (exact federated Newton with secure aggregation; FedAvg and ADMM are not offered),\n"
      "timed as a whole process against node processes by model_federation_bench");
  auto start = std::chrono::steady_clock::now();
  const auto designs = oncoshare::bench::logistic_designs(sites, rows, p);
  fmt::print("models_bench: logistic, {} sites x {} rows x {} covariates (+ intercept); generated in {:.2f} s\n",
             sites, rows, p, seconds_since(start));
  fmt::print("{:<28} {:>7} {:>10} {:>14} {:>10}\n", "method", "rounds", "wall s", "max|d coef|", "peak MiB");

  std::vector<models::Design> pooled;
  pooled.push_back(oncoshare::bench::pooled_design(designs));
  start = std::chrono::steady_clock::now();
  auto central = models::fit_glm(pooled, {});
  if (!central) return fmt::print(stderr, "{}\n", central.error().to_string()), 1;
  row("centralised Newton (IRLS)", central->rounds, seconds_since(start), 0.0);
  pooled.clear();

  start = std::chrono::steady_clock::now();
  auto plain = models::fit_glm(designs, {});
  if (!plain) return fmt::print(stderr, "{}\n", plain.error().to_string()), 1;
  row("federated Newton, plain sum", plain->rounds, seconds_since(start), max_error(estimates(*plain), *central));

  start = std::chrono::steady_clock::now();
  auto secagg = models::fit_glm(designs, {}, secagg_sum);
  if (!secagg) return fmt::print(stderr, "{}\n", secagg.error().to_string()), 1;
  row("federated Newton, SecAgg", secagg->rounds, seconds_since(start), max_error(estimates(*secagg), *central));

  start = std::chrono::steady_clock::now();
  auto fedavg = models::fedavg_logistic(designs);
  if (!fedavg) return fmt::print(stderr, "{}\n", fedavg.error().to_string()), 1;
  row(fedavg->converged ? "FedAvg (5 epochs, lr 1)" : "FedAvg (NOT converged)", fedavg->rounds, seconds_since(start),
      max_error(fedavg->coefficients, *central));

  start = std::chrono::steady_clock::now();
  auto admm = models::admm_logistic(designs);
  if (!admm) return fmt::print(stderr, "{}\n", admm.error().to_string()), 1;
  row(admm->converged ? "ADMM (rho 0.1, alpha 1.5)" : "ADMM (NOT converged)", admm->rounds, seconds_since(start),
      max_error(admm->coefficients, *central));
  fmt::print("statistics per Newton round: {} doubles per site\n",
             models::GlmStatsLayout(static_cast<std::size_t>(p + 1)).size());
  return 0;
}
