#include "secure/fixed_point.hpp"

#include <fmt/format.h>

#include <cmath>

namespace oncoshare::secure {

core::Result<FixedPoint> FixedPoint::create(std::uint32_t fractional_bits) {
  if (fractional_bits > kMaxFractionalBits) {
    return core::fail(core::bad_input(
        fmt::format("fixed point: {} fractional bits, expected at most {}", fractional_bits, kMaxFractionalBits)));
  }
  return FixedPoint(fractional_bits);
}

double FixedPoint::max_magnitude() const { return std::ldexp(1.0, 126 - static_cast<int>(bits_)); }

core::Result<std::vector<u128>> FixedPoint::encode(std::span<const double> values) const {
  const double limit = max_magnitude();
  std::vector<u128> out;
  out.reserve(values.size());
  for (std::size_t k = 0; k < values.size(); ++k) {
    const double x = values[k];
    if (!std::isfinite(x) || std::fabs(x) >= limit) {
      return core::fail(core::bad_input(
          fmt::format("element {}: {} is not a finite number with magnitude below 2^{}", k, x, 126 - bits_)));
    }
    // Scaling by a power of two is exact; only the rounding to an integer loses (< 2^-F).
    const double scaled = std::nearbyint(std::ldexp(x, static_cast<int>(bits_)));
    out.push_back(static_cast<u128>(static_cast<i128>(scaled)));
  }
  return out;
}

std::vector<double> FixedPoint::decode(std::span<const u128> ring) const {
  std::vector<double> out;
  out.reserve(ring.size());
  for (const u128 v : ring) out.push_back(std::ldexp(static_cast<double>(static_cast<i128>(v)), -static_cast<int>(bits_)));
  return out;
}

}  // namespace oncoshare::secure
