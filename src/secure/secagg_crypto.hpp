// Internal to secure aggregation: X25519 agreement, the keyed KDF, the ChaCha20 mask
// generator and the AEAD that carries Shamir shares. libsodium primitives only.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/result.hpp"
#include "secure/secagg_messages.hpp"

namespace oncoshare::secure::secagg {

// 32 secret bytes, wiped on destruction; not copyable.
class SymmetricKey {
 public:
  SymmetricKey() = default;
  SymmetricKey(const SymmetricKey&) = delete;
  SymmetricKey& operator=(const SymmetricKey&) = delete;
  ~SymmetricKey();
  std::array<std::uint8_t, 32> bytes{};
};

// Domain tags: one per use, so no derived key can serve two purposes.
inline constexpr std::string_view kPairMaskDomain = "oncoshare.secagg.v1.pair-mask";
inline constexpr std::string_view kSelfMaskDomain = "oncoshare.secagg.v1.self-mask";
inline constexpr std::string_view kShareKeyDomain = "oncoshare.secagg.v1.share-key";
inline constexpr std::string_view kSeedCheckDomain = "oncoshare.secagg.v1.seed-check";

// X25519 public key of a secret (any 32 bytes; X25519 clamps).
[[nodiscard]] X25519Key x25519_public(const Scalar& secret);
// X25519(secret, peer) into `out`. Fails naming `peer_index` when the peer key has low order
// (an all-zero shared secret).
[[nodiscard]] core::Status x25519_shared(const Scalar& secret, const X25519Key& peer, std::uint32_t peer_index,
                                         SymmetricKey& out);
// BLAKE2b-256 keyed by `secret` over (domain, aggregation, a, b), each length-prefixed or fixed.
void derive_key(std::span<const std::uint8_t, 32> secret, std::string_view domain, std::string_view aggregation,
                std::uint32_t a, std::uint32_t b, SymmetricKey& out);

// acc += PRG(key) (or -=) element-wise mod 2^128; PRG is the XChaCha20 keystream (zero nonce:
// every key is used for one stream only) read as little-endian 128-bit words.
void apply_mask(std::span<u128> acc, const SymmetricKey& key, bool subtract);

// XChaCha20-Poly1305 of `plain` (64 bytes) under `key`, with associated data binding the
// aggregation, sender and recipient; random nonce prepended.
[[nodiscard]] std::array<std::uint8_t, kSealedSharesBytes> seal_shares(const SymmetricKey& key,
                                                                       std::span<const std::uint8_t, 64> plain,
                                                                       std::string_view aggregation,
                                                                       std::uint32_t from, std::uint32_t to);
// The inverse; false when authentication fails (tampered, wrong key, other aggregation).
[[nodiscard]] bool open_shares(const SymmetricKey& key, const std::array<std::uint8_t, kSealedSharesBytes>& sealed,
                               std::string_view aggregation, std::uint32_t from, std::uint32_t to,
                               std::span<std::uint8_t, 64> plain);

}  // namespace oncoshare::secure::secagg
