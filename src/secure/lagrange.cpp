#include "secure/lagrange.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace oncoshare::secure {

core::Result<Scalar> lagrange_at_zero(std::uint32_t i, std::span<const std::uint32_t> set) {
  if (std::find(set.begin(), set.end(), i) == set.end()) {
    return core::fail(core::bad_input(fmt::format("index {} is not in the interpolation set", i)));
  }
  Scalar num = Scalar::from_int(1);
  Scalar den = Scalar::from_int(1);
  for (std::size_t a = 0; a < set.size(); ++a) {
    const std::uint32_t j = set[a];
    if (j == 0) return core::fail(core::bad_input("participant index 0 is reserved for the secret"));
    if (std::count(set.begin(), set.end(), j) > 1) {
      return core::fail(core::bad_input(fmt::format("participant {} appears twice in the interpolation set", j)));
    }
    if (j == i) continue;
    num = num * Scalar::from_int(j);
    den = den * (Scalar::from_int(j) - Scalar::from_int(i));
  }
  return num * den.inverse();
}

Point evaluate_commitments(std::span<const Point> commitments, std::uint32_t i) {
  // Horner in the exponent: ((C_{t-1}·i + C_{t-2})·i + ...) + C_0.
  const Scalar x = Scalar::from_int(i);
  Point acc = Point::identity();
  for (auto it = commitments.rbegin(); it != commitments.rend(); ++it) acc = (x * acc) + *it;
  return acc;
}

}  // namespace oncoshare::secure
