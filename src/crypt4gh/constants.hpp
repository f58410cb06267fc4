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

using PublicKey = std::array<std::uint8_t, kKeyBytes>;

}  // namespace oncoshare::crypt4gh
