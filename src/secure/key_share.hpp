// The outcome of distributed key generation: the public CollectiveKey every party can
// derive from the broadcast DKG messages, and each node's secret KeyShare.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "secure/group.hpp"

namespace oncoshare::secure {

// N participants (indices 1..N), any `threshold` of whom can decrypt; fewer learn nothing.
struct DkgParams {
  std::uint32_t participants = 0;
  std::uint32_t threshold = 0;
  friend bool operator==(const DkgParams&, const DkgParams&) = default;
};

// Checks 1 <= threshold <= participants <= kMaxParticipants.
[[nodiscard]] core::Status validate(const DkgParams& params);

// Public: the collective ElGamal key X = Σ_{d in Q} C_{d,0} and every node's verification
// share X_i = x_i·G = Σ_{d in Q} Σ_k i^k C_{d,k}, for the qualified dealers Q.
struct CollectiveKey {
  DkgParams params;
  Point public_key;
  std::vector<std::uint32_t> qualified;    // dealers that were not disqualified, ascending
  std::vector<Point> verification_shares;  // [i - 1] = X_i, for i = 1..participants

  // X_i, or bad_input naming the index when it is not 1..participants.
  [[nodiscard]] core::Result<Point> verification_share(std::uint32_t index) const;
  friend bool operator==(const CollectiveKey&, const CollectiveKey&) = default;
};

// A node's secret share x_i = Σ_{d in Q} f_d(i) with its public context. Move-only; the
// secret is wiped on destruction.
struct KeyShare {
  std::uint32_t index = 0;
  SecretScalar secret;
  CollectiveKey key;
};

}  // namespace oncoshare::secure
