// Distributed differential-privacy noise for encrypted counts.
//
// Convention: Skellam(mu) is P1 - P2 with P1, P2 ~ Poisson(mu / 2) independent: mean 0,
// variance mu. Skellam is closed under addition, so when each of N nodes adds an independent
// Skellam(mu / N) share to its encrypted counts, the decrypted total carries exactly
// Skellam(mu) and no node (nor the coordinator) knows the total noise.
//
// Sampling is exact, using only uniform integers from randombytes_buf (no floating point):
// Poisson(lambda) for rational lambda is a sum of ceil(2·lambda) Poisson(gamma) draws with
// gamma <= 1/2, each drawn by a rejection sampler whose acceptance probabilities are ratios
// of integers (see noise.cpp). The only deviation from the exact law is a restart after a
// run of 2000 successes, whose probability is below 2^-10000.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.hpp"
#include "secure/ciphertext.hpp"

namespace oncoshare::secure {

struct SkellamParams {
  std::uint64_t mu_numerator = 0;    // total variance mu = numerator / denominator
  std::uint64_t mu_denominator = 1;
  std::uint32_t nodes = 1;           // each node samples Skellam(mu / nodes)
};

// Checks denominator >= 1, 1 <= nodes <= kMaxParticipants, denominator·nodes <= 2^32 and
// mu / nodes <= 2^18 (keeps every intermediate product in 64 bits). Field-named errors.
[[nodiscard]] core::Status validate(const SkellamParams& params);

// Poisson(numerator / denominator), exact; denominator >= 1, same limits as above.
[[nodiscard]] core::Result<std::int64_t> sample_poisson(std::uint64_t numerator, std::uint64_t denominator);

// `count` independent per-node shares, each Skellam(mu / nodes).
[[nodiscard]] core::Result<std::vector<std::int64_t>> sample_skellam_shares(const SkellamParams& params,
                                                                            std::size_t count);

}  // namespace oncoshare::secure
