// Fixed-point encoding of real vectors into the ring Z_{2^128} for secure aggregation:
// x -> round(x · 2^F) as a two's-complement 128-bit integer, so that ring addition of
// encodings is addition of the reals (until the signed range 2^127 / 2^F is exceeded).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.hpp"

namespace oncoshare::secure {

__extension__ typedef unsigned __int128 u128;  // NOLINT: the ring element; wraps mod 2^128
__extension__ typedef __int128 i128;           // NOLINT: its two's-complement reading

inline constexpr std::uint32_t kDefaultFractionalBits = 64;
inline constexpr std::uint32_t kMaxFractionalBits = 100;
// Headroom: 2^20 summands of |x| < 2^40 at F = 64 sum below 2^124 < 2^127, no overflow.
inline constexpr std::size_t kRingElementBytes = 16;  // little-endian on the wire

class FixedPoint {
 public:
  // F fractional bits, 0 <= F <= kMaxFractionalBits.
  [[nodiscard]] static core::Result<FixedPoint> create(std::uint32_t fractional_bits = kDefaultFractionalBits);

  // Largest accepted |x| (exclusive): 2^(126 - F), i.e. 2^62 for F = 64.
  [[nodiscard]] double max_magnitude() const;

  // round(x · 2^F) mod 2^128 per element; absolute error <= 2^-(F+1). Fails, naming the
  // element index and value, on NaN, infinity or |x| >= max_magnitude().
  [[nodiscard]] core::Result<std::vector<u128>> encode(std::span<const double> values) const;
  // The two's-complement value of each element times 2^-F, rounded to the nearest double.
  [[nodiscard]] std::vector<double> decode(std::span<const u128> ring) const;

  [[nodiscard]] std::uint32_t fractional_bits() const { return bits_; }

 private:
  explicit FixedPoint(std::uint32_t bits) : bits_(bits) {}
  std::uint32_t bits_;
};

}  // namespace oncoshare::secure
