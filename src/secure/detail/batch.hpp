// Batching of per-element statements into one (random linear combination): 128-bit weights
// w_k derived by Fiat-Shamir from everything the statement covers, and weighted sums
// Σ w_k·P_k of long point vectors computed on all cores. See docs/secure.md ("Batched
// proofs") for why a wrong element survives the combination with probability ~2^-128.
#pragma once

#include <sodium.h>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "secure/detail/parallel.hpp"
#include "secure/detail/transcript.hpp"
#include "secure/group.hpp"

namespace oncoshare::secure::detail {

// Bytes of each weight: 2^128 possible values, so a fixed non-zero combination vanishes for
// at most one value of any single weight. The rest of the 32-byte scalar is zero (< L, so
// canonical; libsodium's scalarmult only clears bit 255).
inline constexpr std::size_t kWeightBytes = 16;

// Feeds whole point vectors into a transcript (count first, so vectors cannot be re-split).
inline void append_all(Transcript& transcript, std::span<const Point> points) {
  transcript.append_u32(static_cast<std::uint32_t>(points.size()));
  for (const Point& p : points) transcript.append(p);
}

// n weights w_k = BLAKE2b-128(key = seed, k as 8 bytes little-endian), seed = the
// transcript's 64-byte digest. The transcript must already hold the domain and statement.
[[nodiscard]] inline std::vector<Scalar> batch_weights(Transcript& transcript, std::size_t n) {
  const std::array<std::uint8_t, 64> seed = transcript.digest();
  std::vector<Scalar> weights(n);
  for (std::size_t k = 0; k < n; ++k) {
    std::array<std::uint8_t, 8> index{};
    for (std::size_t b = 0; b < index.size(); ++b) index[b] = static_cast<std::uint8_t>(std::uint64_t{k} >> (8 * b));
    crypto_generichash(weights[k].bytes.data(), kWeightBytes, index.data(), index.size(), seed.data(), seed.size());
  }
  return weights;
}

// Σ weights[k]·points[k] (identity for empty input). Preconditions: equal lengths.
[[nodiscard]] inline Point weighted_sum(std::span<const Point> points, std::span<const Scalar> weights) {
  const std::size_t workers = worker_count(points.size());
  std::vector<Point> partial(workers);
  const std::size_t chunk = (points.size() + workers - 1) / workers;
  parallel_ranges(points.size(), [&](std::size_t begin, std::size_t end) {
    if (begin >= end) return;  // an empty tail range owns no slot
    Point acc;
    for (std::size_t k = begin; k < end; ++k) acc = acc + weights[k] * points[k];
    partial[begin / chunk] = acc;
  });
  Point total;
  for (const Point& p : partial) total = total + p;
  return total;
}

}  // namespace oncoshare::secure::detail
