// Shamir secret sharing over the Ristretto255 scalar field (mod L), for the secrets of
// secure aggregation (self-mask seeds and mask-agreement keys).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "secure/group.hpp"

namespace oncoshare::secure {

// f(holder) for a secret polynomial f with f(0) = the secret. Holds a secret: wipe() it.
struct ShamirShare {
  std::uint32_t holder = 0;
  Scalar value;
};

// Shares `secret` among `holders` (distinct indices >= 1) with a random polynomial of degree
// threshold - 1: any `threshold` shares reconstruct it, fewer reveal nothing. Fails when
// threshold is 0 or exceeds the number of holders, or a holder index is 0 or repeated.
[[nodiscard]] core::Result<std::vector<ShamirShare>> shamir_split(const Scalar& secret, std::uint32_t threshold,
                                                                  std::span<const std::uint32_t> holders);

// f(0) from at least `threshold` shares of distinct holders. With more than `threshold`,
// every extra share must lie on the polynomial of the first `threshold`; otherwise fails
// listing the holders (one or more shares is wrong; which one cannot be told from t + 1).
[[nodiscard]] core::Result<Scalar> shamir_combine(std::span<const ShamirShare> shares, std::uint32_t threshold);

}  // namespace oncoshare::secure
