#include "crypt4gh/segment.hpp"

#include <sodium.h>

#include <array>

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
  unsigned long long sealed = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(out.data() + kNonceBytes, &sealed, plain.data(), plain.size(), aad.data(),
                                            aad.size(), nullptr, out.data(), key_.key.bytes().data());
  return kNonceBytes + static_cast<std::size_t>(sealed);
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
    unsigned long long plain = 0;
    if (crypto_aead_chacha20poly1305_ietf_decrypt(out.data(), &plain, nullptr, sealed.data() + kNonceBytes,
                                                  sealed.size() - kNonceBytes, aad.data(), aad.size(), sealed.data(),
                                                  key.key.bytes().data()) == 0) {
      return static_cast<std::size_t>(plain);
    }
  }
  return std::nullopt;
}

}  // namespace oncoshare::crypt4gh
