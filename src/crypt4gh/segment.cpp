#include "crypt4gh/segment.hpp"

#include <sodium.h>

#include <array>

#include "crypt4gh/detail/chacha20_poly1305.hpp"

namespace oncoshare::crypt4gh {

namespace {

constexpr std::size_t kAadBytes = 8;

// The segment's AAD: empty for method 0, le_uint64(sequence + index) (wrapping) for method 1.
std::span<const std::uint8_t> aad_for(const DataKey& key, std::uint64_t index, std::array<std::uint8_t, kAadBytes>& buf) {
  if (key.method != DataMethod::chacha20_ietf_poly1305_with_aead) return {};
  const std::uint64_t n = key.sequence + index;
  for (std::size_t i = 0; i < kAadBytes; ++i) buf[i] = static_cast<std::uint8_t>(n >> (8 * i));
  return buf;
}

}  // namespace

bool needs_final_empty_segment(DataMethod method, std::uint64_t segments, std::size_t last_plain_bytes) {
  return method == DataMethod::chacha20_ietf_poly1305_with_aead && (segments == 0 || last_plain_bytes == kSegmentBytes);
}

std::size_t SegmentEncryptor::encrypt(std::uint64_t index, std::span<const std::uint8_t> plain,
                                      std::span<std::uint8_t> out) const {
  std::array<std::uint8_t, kAadBytes> buf{};
  const std::span<const std::uint8_t> aad = aad_for(key_, index, buf);
  randombytes_buf(out.data(), kNonceBytes);
  detail::aead_seal(key_.key.bytes(), out.first<kNonceBytes>(), aad, plain, out.data() + kNonceBytes);
  return plain.size() + kSegmentOverheadBytes;
}

std::size_t SegmentDecryptor::min_sealed_bytes() const {
  return method() == DataMethod::chacha20_ietf_poly1305_with_aead ? kSegmentOverheadBytes : kSegmentOverheadBytes + 1;
}

std::optional<std::size_t> SegmentDecryptor::decrypt(std::uint64_t index, std::span<const std::uint8_t> sealed,
                                                     std::span<std::uint8_t> out) const {
  if (sealed.size() < kSegmentOverheadBytes) return std::nullopt;
  for (const DataKey& key : keys_) {
    std::array<std::uint8_t, kAadBytes> buf{};
    const std::span<const std::uint8_t> aad = aad_for(key, index, buf);
    if (detail::aead_open(key.key.bytes(), sealed.first<kNonceBytes>(), aad, sealed.subspan(kNonceBytes), out.data())) {
      return sealed.size() - kSegmentOverheadBytes;
    }
  }
  return std::nullopt;
}

}  // namespace oncoshare::crypt4gh
