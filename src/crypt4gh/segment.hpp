// Data segments: each plaintext segment (<= kSegmentBytes) is sealed as
// nonce(12) || ChaCha20-Poly1305-IETF ciphertext || MAC(16) with a random nonce. Method 0 uses
// no AAD; method 1 uses AAD = le_uint64(sequence_number + segment index), so a segment only
// authenticates at its own position, and data ending on a segment boundary is followed by an
// empty final segment (its absence means truncation).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "crypt4gh/keys.hpp"

namespace oncoshare::crypt4gh {

// True when, after `segments` segments of which the last held `last_plain_bytes`, method
// `method` still needs an empty final segment (method 1 and the data ends on a boundary).
[[nodiscard]] bool needs_final_empty_segment(DataMethod method, std::uint64_t segments, std::size_t last_plain_bytes);

class SegmentEncryptor {
 public:
  explicit SegmentEncryptor(DataKey data_key) : key_(std::move(data_key)) {}

  // Seals `plain` (0..kSegmentBytes bytes; empty only as method 1's final segment), the
  // segment at 0-based `index`, into out[0 .. plain.size() + kSegmentOverheadBytes) and
  // returns that size. Precondition: out is large enough.
  std::size_t encrypt(std::uint64_t index, std::span<const std::uint8_t> plain, std::span<std::uint8_t> out) const;
  [[nodiscard]] DataMethod method() const { return key_.method; }

 private:
  DataKey key_;
};

class SegmentDecryptor {
 public:
  // Tries each data key in order, as the reference does. Precondition: all share one method
  // (HeaderReader rejects mixed methods) and there is at least one.
  explicit SegmentDecryptor(std::vector<DataKey> data_keys) : keys_(std::move(data_keys)) {}

  // Opens the sealed segment at 0-based `index` into `out` (>= sealed.size() -
  // kSegmentOverheadBytes bytes) and returns the plaintext size, or nullopt when no key
  // authenticates it there (out is then wiped, so it never holds unauthenticated plaintext).
  [[nodiscard]] std::optional<std::size_t> decrypt(std::uint64_t index, std::span<const std::uint8_t> sealed,
                                                   std::span<std::uint8_t> out) const;
  [[nodiscard]] DataMethod method() const { return keys_.front().method; }
  // Smallest valid sealed segment: method 1 has empty final segments, method 0 none.
  [[nodiscard]] std::size_t min_sealed_bytes() const;

 private:
  std::vector<DataKey> keys_;
};

}  // namespace oncoshare::crypt4gh
