#include "secure/group.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>

#include "core/sodium.hpp"

namespace oncoshare::secure {

static_assert(kPointBytes == crypto_core_ristretto255_BYTES);
static_assert(kScalarBytes == crypto_core_ristretto255_SCALARBYTES);

Scalar Scalar::random() {
  core::ensure_sodium();
  Scalar s;
  crypto_core_ristretto255_scalar_random(s.bytes.data());
  return s;
}

Scalar Scalar::from_int(std::int64_t v) {
  Scalar s;
  // |INT64_MIN| fits in uint64; write the magnitude little-endian, then negate if needed.
  std::uint64_t magnitude = v < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  for (std::size_t i = 0; i < 8; ++i) s.bytes[i] = static_cast<std::uint8_t>(magnitude >> (8 * i));
  return v < 0 ? -s : s;
}

std::optional<Scalar> Scalar::from_bytes(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kScalarBytes) return std::nullopt;
  // libsodium 1.0.18 has no public canonicality check: reduce and compare.
  std::array<std::uint8_t, 64> wide{};
  std::copy(bytes.begin(), bytes.end(), wide.begin());
  Scalar reduced = reduce(wide);
  const bool canonical = std::equal(bytes.begin(), bytes.end(), reduced.bytes.begin());
  sodium_memzero(wide.data(), wide.size());
  if (!canonical) {
    reduced.wipe();
    return std::nullopt;
  }
  return reduced;
}

Scalar Scalar::reduce(std::span<const std::uint8_t, 64> wide) {
  Scalar s;
  crypto_core_ristretto255_scalar_reduce(s.bytes.data(), wide.data());
  return s;
}

bool Scalar::is_zero() const { return sodium_is_zero(bytes.data(), bytes.size()) == 1; }

Scalar Scalar::inverse() const {
  Scalar s;
  if (crypto_core_ristretto255_scalar_invert(s.bytes.data(), bytes.data()) != 0) std::abort();
  return s;
}

void Scalar::wipe() { sodium_memzero(bytes.data(), bytes.size()); }

Scalar operator+(const Scalar& a, const Scalar& b) {
  Scalar s;
  crypto_core_ristretto255_scalar_add(s.bytes.data(), a.bytes.data(), b.bytes.data());
  return s;
}
Scalar operator-(const Scalar& a, const Scalar& b) {
  Scalar s;
  crypto_core_ristretto255_scalar_sub(s.bytes.data(), a.bytes.data(), b.bytes.data());
  return s;
}
Scalar operator*(const Scalar& a, const Scalar& b) {
  Scalar s;
  crypto_core_ristretto255_scalar_mul(s.bytes.data(), a.bytes.data(), b.bytes.data());
  return s;
}
Scalar operator-(const Scalar& a) {
  Scalar s;
  crypto_core_ristretto255_scalar_negate(s.bytes.data(), a.bytes.data());
  return s;
}

const Point& Point::generator() {
  static const Point g = base_mul(Scalar::from_int(1));
  return g;
}

std::optional<Point> Point::from_bytes(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kPointBytes) return std::nullopt;
  Point p;
  std::copy(bytes.begin(), bytes.end(), p.bytes.begin());
  if (!p.is_identity() && crypto_core_ristretto255_is_valid_point(p.bytes.data()) != 1) return std::nullopt;
  return p;
}

bool Point::is_identity() const { return sodium_is_zero(bytes.data(), bytes.size()) == 1; }

// Points are valid by construction, so add/sub cannot fail; the identity encodes as zeros.
Point operator+(const Point& a, const Point& b) {
  Point r;
  if (crypto_core_ristretto255_add(r.bytes.data(), a.bytes.data(), b.bytes.data()) != 0) std::abort();
  return r;
}
std::optional<Point> add_encodings(std::span<const std::uint8_t, kPointBytes> a,
                                   std::span<const std::uint8_t, kPointBytes> b) {
  Point r;
  if (crypto_core_ristretto255_add(r.bytes.data(), a.data(), b.data()) != 0) return std::nullopt;
  return r;
}

Point operator-(const Point& a, const Point& b) {
  Point r;
  if (crypto_core_ristretto255_sub(r.bytes.data(), a.bytes.data(), b.bytes.data()) != 0) std::abort();
  return r;
}

// crypto_scalarmult_ristretto255* return -1 exactly when the result is the identity, which
// they still encode as all zeros: that is a value here, not an error.
Point operator*(const Scalar& s, const Point& p) {
  Point r;
  if (s.is_zero() || p.is_identity()) return r;
  if (crypto_scalarmult_ristretto255(r.bytes.data(), s.bytes.data(), p.bytes.data()) != 0) r = Point{};
  return r;
}

Point base_mul(const Scalar& s) {
  // The first libsodium call of key material built from a stored secret (a key share, a
  // researcher key): initialise here, before it, not after in a constructor's body.
  core::ensure_sodium();
  Point r;
  if (s.is_zero()) return r;
  if (crypto_scalarmult_ristretto255_base(r.bytes.data(), s.bytes.data()) != 0) r = Point{};
  return r;
}

SecretScalar::SecretScalar(SecretScalar&& other) noexcept : value_(other.value_) { other.value_.wipe(); }
SecretScalar& SecretScalar::operator=(SecretScalar&& other) noexcept {
  if (this != &other) {
    value_ = other.value_;
    other.value_.wipe();
  }
  return *this;
}

}  // namespace oncoshare::secure
