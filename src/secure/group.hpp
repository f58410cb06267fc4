// Ristretto255 group elements and scalars mod L: thin value types over libsodium's
// crypto_core_ristretto255_* / crypto_scalarmult_ristretto255*, plus a move-only wiped
// holder for secret scalars. Every Point held by these types is a valid encoding (the
// identity is the all-zero encoding); parsing untrusted bytes goes through from_bytes().
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "secure/constants.hpp"

namespace oncoshare::secure {

// A scalar mod L (the Ristretto255 group order), canonical little-endian bytes.
struct Scalar {
  std::array<std::uint8_t, kScalarBytes> bytes{};

  // Uniform random scalar from randombytes (crypto_core_ristretto255_scalar_random).
  [[nodiscard]] static Scalar random();
  // The integer v mod L (negative values wrap to L - |v|).
  [[nodiscard]] static Scalar from_int(std::int64_t v);
  // Canonical bytes only (< L); nullopt otherwise.
  [[nodiscard]] static std::optional<Scalar> from_bytes(std::span<const std::uint8_t> bytes);
  // 64 bytes reduced mod L (crypto_core_ristretto255_scalar_reduce).
  [[nodiscard]] static Scalar reduce(std::span<const std::uint8_t, 64> wide);

  [[nodiscard]] bool is_zero() const;
  [[nodiscard]] Scalar inverse() const;  // precondition: not zero
  void wipe();                           // sodium_memzero
  friend bool operator==(const Scalar&, const Scalar&) = default;
};

[[nodiscard]] Scalar operator+(const Scalar& a, const Scalar& b);
[[nodiscard]] Scalar operator-(const Scalar& a, const Scalar& b);
[[nodiscard]] Scalar operator*(const Scalar& a, const Scalar& b);
[[nodiscard]] Scalar operator-(const Scalar& a);

// A Ristretto255 group element.
struct Point {
  std::array<std::uint8_t, kPointBytes> bytes{};  // all zero = identity

  [[nodiscard]] static Point identity() { return {}; }
  [[nodiscard]] static const Point& generator();
  // Valid canonical encodings only (crypto_core_ristretto255_is_valid_point, or identity).
  [[nodiscard]] static std::optional<Point> from_bytes(std::span<const std::uint8_t> bytes);
  [[nodiscard]] bool is_identity() const;
  friend bool operator==(const Point&, const Point&) = default;
};

[[nodiscard]] Point operator+(const Point& a, const Point& b);
// a + b for encodings nobody has checked yet: nullopt unless both are valid. Decoding them
// for the addition is the check, so a sum of untrusted points costs no separate pass.
[[nodiscard]] std::optional<Point> add_encodings(std::span<const std::uint8_t, kPointBytes> a,
                                                 std::span<const std::uint8_t, kPointBytes> b);
[[nodiscard]] Point operator-(const Point& a, const Point& b);
// s·P; zero scalar or identity point gives the identity.
[[nodiscard]] Point operator*(const Scalar& s, const Point& p);
// s·G for the standard generator G.
[[nodiscard]] Point base_mul(const Scalar& s);

// A secret scalar: move-only, wiped on destruction and on move-from.
class SecretScalar {
 public:
  SecretScalar() = default;
  explicit SecretScalar(const Scalar& value) : value_(value) {}
  [[nodiscard]] static SecretScalar random() { return SecretScalar(Scalar::random()); }
  SecretScalar(SecretScalar&& other) noexcept;
  SecretScalar& operator=(SecretScalar&& other) noexcept;
  SecretScalar(const SecretScalar&) = delete;
  SecretScalar& operator=(const SecretScalar&) = delete;
  ~SecretScalar() { value_.wipe(); }

  [[nodiscard]] const Scalar& value() const { return value_; }
  [[nodiscard]] Scalar& value() { return value_; }

 private:
  Scalar value_;
};

}  // namespace oncoshare::secure
