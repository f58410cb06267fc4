// The Fiat-Shamir transcripts of src/secure spelled out with libsodium alone, one named input
// at a time, so a test can build a proof's challenge without the code under test and leave
// any single input out. Layout (detail/transcript.hpp): BLAKE2b-512 over the domain's length
// (u32 little-endian), the domain, then each input's bytes in order; challenge = digest mod L.
#pragma once

#include <sodium.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "secure/group.hpp"

namespace oncoshare::secure::test {

using Bytes = std::vector<std::uint8_t>;

struct Input {
  std::string name;
  Bytes bytes;
};

inline Bytes u32le(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v >> 16),
          static_cast<std::uint8_t>(v >> 24)};
}

inline Bytes bytes_of(const Point& p) { return {p.bytes.begin(), p.bytes.end()}; }

inline Input domain(std::string_view tag, std::string name = "domain") {
  Bytes b = u32le(static_cast<std::uint32_t>(tag.size()));
  b.insert(b.end(), tag.begin(), tag.end());
  return {std::move(name), b};
}

inline Input point(std::string name, const Point& p) { return {std::move(name), bytes_of(p)}; }

// A point vector as detail::append_all feeds it: the count, then every point.
inline Input points(std::string name, std::span<const Point> ps) {
  Bytes b = u32le(static_cast<std::uint32_t>(ps.size()));
  for (const Point& p : ps) b.insert(b.end(), p.bytes.begin(), p.bytes.end());
  return {std::move(name), b};
}

// The 64-byte digest of every input except the one named `omit` (none when empty).
inline std::array<std::uint8_t, 64> digest(const std::vector<Input>& inputs, std::string_view omit = {}) {
  Bytes all;
  for (const Input& in : inputs) {
    if (in.name != omit) all.insert(all.end(), in.bytes.begin(), in.bytes.end());
  }
  std::array<std::uint8_t, 64> out{};
  crypto_generichash(out.data(), out.size(), all.data(), all.size(), nullptr, 0);
  return out;
}

inline Scalar challenge(const std::vector<Input>& inputs, std::string_view omit = {}) {
  const std::array<std::uint8_t, 64> wide = digest(inputs, omit);
  Scalar c;
  crypto_core_ristretto255_scalar_reduce(c.bytes.data(), wide.data());
  return c;
}

// Batch weights (detail/batch.hpp): w_k = BLAKE2b-128 keyed with the digest, over k as
// 8 bytes little-endian; the upper 16 bytes of each scalar are zero.
inline std::vector<Scalar> weights(const std::vector<Input>& inputs, std::size_t n, std::string_view omit = {}) {
  const std::array<std::uint8_t, 64> seed = digest(inputs, omit);
  std::vector<Scalar> out(n);
  for (std::size_t k = 0; k < n; ++k) {
    std::array<std::uint8_t, 8> index{};
    for (std::size_t b = 0; b < index.size(); ++b) index[b] = static_cast<std::uint8_t>(std::uint64_t{k} >> (8 * b));
    crypto_generichash(out[k].bytes.data(), 16, index.data(), index.size(), seed.data(), seed.size());
  }
  return out;
}

inline Point weighted(std::span<const Point> ps, std::span<const Scalar> w) {
  Point sum;
  for (std::size_t k = 0; k < ps.size(); ++k) sum = sum + w[k] * ps[k];
  return sum;
}

inline std::string hex(const Scalar& s) {
  std::string out(2 * s.bytes.size() + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), s.bytes.data(), s.bytes.size());
  out.pop_back();
  return out;
}

}  // namespace oncoshare::secure::test
