// Secure aggregation of real vectors (Bonawitz et al. 2017; SecAgg+ neighbourhoods, Bell et
// al. 2020): parameters and the messages of the four rounds. Every message names its
// aggregation so a message of one aggregation is refused by another; the wire form of each is
// in secagg_codec.hpp. See docs/secure.md, "Secure aggregation of vectors".
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "secure/fixed_point.hpp"
#include "secure/group.hpp"

namespace oncoshare::secure {

inline constexpr std::size_t kX25519Bytes = 32;
// nonce (24) || XChaCha20-Poly1305 of (seed share 32 || key share 32) with its tag (16).
inline constexpr std::size_t kSealedSharesBytes = 24 + 2 * kScalarBytes + 16;
inline constexpr std::size_t kMaxAggregationIdBytes = 128;

using X25519Key = std::array<std::uint8_t, kX25519Bytes>;

// Fixed for one aggregation and known to every participant and the aggregator.
struct SecAggParams {
  std::string aggregation_id;              // 1-128 of [A-Za-z0-9._:-]; bound into every key and AD
  std::uint32_t participants = 0;          // n; indices are 1..n
  std::uint32_t threshold = 0;             // t: 2 <= t <= neighbours + 1 (t > (neighbours + 1) / 2 recommended)
  std::uint32_t neighbours = 0;            // k: 0 means n - 1 (all pairs); n·k must be even
  std::uint32_t length = 0;                // elements per input vector, 1..kMaxVectorLength
  std::uint32_t fractional_bits = kDefaultFractionalBits;
};

// Checks every field and the graph condition; the error names the field and its value.
[[nodiscard]] core::Status validate(const SecAggParams& params);
// k, with 0 resolved to n - 1.
[[nodiscard]] std::uint32_t neighbour_count(const SecAggParams& params);
// The neighbours of i in the circulant k-regular graph on 1..n (offsets ±1..±k/2, plus n/2
// when k is odd), ascending, without i. Precondition: validate(params) succeeded.
[[nodiscard]] std::vector<std::uint32_t> neighbours_of(const SecAggParams& params, std::uint32_t i);

// The holders of i's Shamir shares: i and its neighbours, ascending.
[[nodiscard]] std::vector<std::uint32_t> holders_of(const SecAggParams& params, std::uint32_t i);

// Round 0, participant -> all (via the aggregator): its two X25519 public keys.
struct AdvertiseKeys {
  std::string aggregation;
  std::uint32_t index = 0;
  X25519Key c_pk{};  // encrypts the shares sent to it
  X25519Key s_pk{};  // agrees pairwise masks
  friend bool operator==(const AdvertiseKeys&, const AdvertiseKeys&) = default;
};

// Round 1, participant `from` -> `to` (relayed): Shamir shares of from's self-mask seed and
// mask key, encrypted so only `to` can read them.
struct EncryptedShares {
  std::string aggregation;
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  std::array<std::uint8_t, kSealedSharesBytes> ciphertext{};
  friend bool operator==(const EncryptedShares&, const EncryptedShares&) = default;
};

// Round 2, participant -> aggregator: its fixed-point input plus masks, mod 2^128, and a
// keyed hash of its self-mask seed so the aggregator can verify the seed it reconstructs.
struct MaskedInput {
  std::string aggregation;
  std::uint32_t index = 0;
  std::array<std::uint8_t, 32> seed_check{};
  std::vector<u128> data;
  friend bool operator==(const MaskedInput&, const MaskedInput&) = default;
};

// Aggregator -> survivors: who sent a masked input (U3, ascending).
struct UnmaskRequest {
  std::string aggregation;
  std::vector<std::uint32_t> survivors;
  friend bool operator==(const UnmaskRequest&, const UnmaskRequest&) = default;
};

// A Shamir share of `owner`'s secret, revealed by the participant that held it.
struct RevealedShare {
  std::uint32_t owner = 0;
  Scalar value;
  friend bool operator==(const RevealedShare&, const RevealedShare&) = default;
};

// Round 3, participant -> aggregator: seed shares of survivors, key shares of the dropped;
// never both for one owner. Both lists ascending by owner.
struct UnmaskShares {
  std::string aggregation;
  std::uint32_t index = 0;
  std::vector<RevealedShare> seed_shares;
  std::vector<RevealedShare> key_shares;
  friend bool operator==(const UnmaskShares&, const UnmaskShares&) = default;
};

// The aggregator's output: the sum of the survivors' inputs and who took part.
struct AggregateResult {
  std::vector<double> sum;
  std::vector<std::uint32_t> survivors;  // U3: inputs included in the sum
  std::vector<std::uint32_t> dropped;    // 1..n minus U3
};

}  // namespace oncoshare::secure
