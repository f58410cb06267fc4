// Shamir-sharing arithmetic shared by the DKG, the combiner and the key switch.
#pragma once

#include <cstdint>
#include <span>

#include "core/result.hpp"
#include "secure/group.hpp"

namespace oncoshare::secure {

// λ_i = Π_{j in set, j != i} j / (j - i) mod L: the weight of share i when interpolating
// the polynomial at 0 from the indices in `set`. Fails when i is not in the set, an index
// is 0, or an index repeats.
[[nodiscard]] core::Result<Scalar> lagrange_at_zero(std::uint32_t i, std::span<const std::uint32_t> set);

// Σ_k i^k · commitments[k]: the public image f(i)·G of a polynomial committed coefficient-wise.
[[nodiscard]] Point evaluate_commitments(std::span<const Point> commitments, std::uint32_t i);

}  // namespace oncoshare::secure
