#include "secure/noise.hpp"

#include <sodium.h>

#include <fmt/format.h>

#include <algorithm>

#include "core/sodium.hpp"

namespace oncoshare::secure {

namespace {

constexpr std::uint64_t kMaxScale = std::uint64_t{1} << 32;   // denominator·nodes
constexpr std::uint64_t kMaxLambda = std::uint64_t{1} << 18;  // per-node Poisson mean
constexpr std::uint64_t kMaxRun = 2000;

// Uniform in [0, bound), bound >= 1, by rejection (no modulo bias).
std::uint64_t uniform(std::uint64_t bound) {
  const std::uint64_t limit = (std::uint64_t{0} - bound) % bound;  // 2^64 mod bound
  for (;;) {
    std::uint64_t r = 0;
    randombytes_buf(&r, sizeof r);
    if (r >= limit) return r % bound;
  }
}

// Bernoulli(p / q), 0 <= p <= q, q >= 1.
bool bernoulli(std::uint64_t p, std::uint64_t q) { return uniform(q) < p; }

// Poisson(a / b) for 0 <= a / b <= 1/2, b <= 2^52. Walk j = 0, 1, ... advancing with
// probability gamma / (j + 1): stopping at j has probability gamma^j / j! · (1 - gamma/(j+1)).
// Accepting with (j + 1)(1 - gamma) / (j + 1 - gamma) (<= 1) leaves gamma^j / j! · (1 - gamma),
// proportional to the Poisson mass; rejected rounds restart.
std::int64_t poisson_small(std::uint64_t a, std::uint64_t b) {
  if (a == 0) return 0;
  for (;;) {
    std::uint64_t j = 0;
    while (j < kMaxRun && bernoulli(a, b * (j + 1))) ++j;
    if (j == kMaxRun) continue;
    if (bernoulli((j + 1) * (b - a), (j + 1) * b - a)) return static_cast<std::int64_t>(j);
  }
}

// Poisson(a / b) as the sum of `pieces` Poisson(a / (b·pieces)) with a / (b·pieces) <= 1/2.
std::int64_t poisson(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t pieces = std::max<std::uint64_t>(1, (2 * a + b - 1) / b);
  std::int64_t total = 0;
  for (std::uint64_t i = 0; i < pieces; ++i) total += poisson_small(a, b * pieces);
  return total;
}

core::Status check_rate(std::uint64_t numerator, std::uint64_t denominator, const char* field) {
  if (denominator < 1 || denominator > kMaxScale) {
    return core::fail(core::bad_input(fmt::format("denominator {} outside [1, 2^32]", denominator),
                                      core::Location{.field = field}));
  }
  if (numerator / denominator >= kMaxLambda) {
    return core::fail(core::bad_input(fmt::format("rate {}/{} exceeds 2^18", numerator, denominator),
                                      core::Location{.field = field}));
  }
  return {};
}

}  // namespace

core::Status validate(const SkellamParams& params) {
  if (params.nodes < 1 || params.nodes > kMaxParticipants) {
    return core::fail(core::bad_input(fmt::format("nodes {} outside [1, {}]", params.nodes, kMaxParticipants),
                                      core::Location{.field = "nodes"}));
  }
  if (params.mu_denominator < 1 || params.mu_denominator > kMaxScale / (2 * params.nodes)) {
    return core::fail(core::bad_input(
        fmt::format("denominator {} outside [1, 2^31 / nodes]", params.mu_denominator),
        core::Location{.field = "mu_denominator"}));
  }
  // Each of P1, P2 has rate mu / (2·nodes) = numerator / (2·denominator·nodes).
  return check_rate(params.mu_numerator, 2 * params.mu_denominator * params.nodes, "mu");
}

core::Result<std::int64_t> sample_poisson(std::uint64_t numerator, std::uint64_t denominator) {
  ONCOSHARE_TRY(check_rate(numerator, denominator, "lambda"));
  core::ensure_sodium();
  return poisson(numerator, denominator);
}

core::Result<std::vector<std::int64_t>> sample_skellam_shares(const SkellamParams& params, std::size_t count) {
  ONCOSHARE_TRY(validate(params));
  core::ensure_sodium();
  const std::uint64_t b = 2 * params.mu_denominator * params.nodes;
  std::vector<std::int64_t> out(count);
  for (std::int64_t& v : out) v = poisson(params.mu_numerator, b) - poisson(params.mu_numerator, b);
  return out;
}

}  // namespace oncoshare::secure
