// Data segments: each plaintext segment (<= kSegmentBytes) is sealed as
// nonce(12) || ChaCha20-Poly1305-IETF ciphertext || MAC(16), random nonce, no AAD (method 0).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "crypt4gh/keys.hpp"

namespace oncoshare::crypt4gh {

class SegmentEncryptor {
 public:
  explicit SegmentEncryptor(SymmetricKey data_key) : key_(std::move(data_key)) {}

  // Seals `plain` (1..kSegmentBytes bytes) into out[0 .. plain.size() + kSegmentOverheadBytes)
  // and returns that size. Precondition: out is large enough.
  std::size_t encrypt(std::span<const std::uint8_t> plain, std::span<std::uint8_t> out) const;

 private:
  SymmetricKey key_;
};

class SegmentDecryptor {
 public:
  // Tries each data key in order, as the reference does.
  explicit SegmentDecryptor(std::vector<SymmetricKey> data_keys) : keys_(std::move(data_keys)) {}

  // Opens one sealed segment into `out` (>= sealed.size() - kSegmentOverheadBytes bytes) and
  // returns the plaintext size, or nullopt when no key authenticates it (libsodium verifies
  // the MAC before decrypting, so out then holds no plaintext).
  [[nodiscard]] std::optional<std::size_t> decrypt(std::span<const std::uint8_t> sealed,
                                                   std::span<std::uint8_t> out) const;

 private:
  std::vector<SymmetricKey> keys_;
};

}  // namespace oncoshare::crypt4gh
