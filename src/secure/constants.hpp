// Sizes of the secure component's wire objects, as named constants (libsodium style).
#pragma once

#include <cstddef>
#include <cstdint>

namespace oncoshare::secure {

inline constexpr std::size_t kPointBytes = 32;        // canonical Ristretto255 encoding
inline constexpr std::size_t kScalarBytes = 32;       // little-endian, reduced mod L
inline constexpr std::size_t kCiphertextBytes = 2 * kPointBytes;       // (C1, C2)
inline constexpr std::size_t kDecryptionProofBytes = 2 * kScalarBytes; // Chaum-Pedersen (c, z)
inline constexpr std::size_t kKeySwitchProofBytes = 3 * kScalarBytes;  // (c, z_x, z_k)

// Largest supported federation: indices are 1..kMaxParticipants.
inline constexpr std::uint32_t kMaxParticipants = 1024;

// Default decryption range |m| < 2^32 and baby-step table size (entries).
inline constexpr std::uint64_t kDefaultPlaintextBound = std::uint64_t{1} << 32;
inline constexpr std::uint32_t kDefaultDlogTableSize = std::uint32_t{1} << 16;

}  // namespace oncoshare::secure
