// Crypt4GH v1 sizes, as named constants (GA4GH File Encryption Standard, hts-specs crypt4gh.tex).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace oncoshare::crypt4gh {

inline constexpr std::string_view kMagic = "crypt4gh";
inline constexpr std::uint32_t kVersion = 1;

inline constexpr std::size_t kKeyBytes = 32;        // X25519 keys and data keys
inline constexpr std::size_t kNonceBytes = 12;      // ChaCha20-Poly1305-IETF nonce
inline constexpr std::size_t kMacBytes = 16;        // Poly1305 tag
inline constexpr std::size_t kSegmentBytes = 65536; // plaintext per data segment
inline constexpr std::size_t kSegmentOverheadBytes = kNonceBytes + kMacBytes;
inline constexpr std::size_t kCipherSegmentBytes = kSegmentBytes + kSegmentOverheadBytes;
inline constexpr std::size_t kHeaderPreambleBytes = 16;  // magic + version + packet count

// Header packet encryption and data encryption methods this implementation supports.
inline constexpr std::uint32_t kPacketEncryptionX25519ChaCha20 = 0;
inline constexpr std::uint32_t kDataEncryptionChaCha20 = 0;
inline constexpr std::uint32_t kDataEncryptionChaCha20Aead = 1;  // later spec: sequence-numbered AAD

// Data encryption method of a file (all its data keys share one). Method 0 is what the EGA
// reference reads; method 1 also authenticates segment order and the end of the data.
enum class DataMethod : std::uint32_t {
  chacha20_ietf_poly1305 = kDataEncryptionChaCha20,
  chacha20_ietf_poly1305_with_aead = kDataEncryptionChaCha20Aead,
};

using PublicKey = std::array<std::uint8_t, kKeyBytes>;

}  // namespace oncoshare::crypt4gh
