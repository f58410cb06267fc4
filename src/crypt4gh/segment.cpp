#include "crypt4gh/segment.hpp"

#include <sodium.h>

namespace oncoshare::crypt4gh {

std::size_t SegmentEncryptor::encrypt(std::span<const std::uint8_t> plain, std::span<std::uint8_t> out) const {
  randombytes_buf(out.data(), kNonceBytes);
  unsigned long long sealed = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(out.data() + kNonceBytes, &sealed, plain.data(), plain.size(),
                                            nullptr, 0, nullptr, out.data(), key_.bytes().data());
  return kNonceBytes + static_cast<std::size_t>(sealed);
}

std::optional<std::size_t> SegmentDecryptor::decrypt(std::span<const std::uint8_t> sealed,
                                                     std::span<std::uint8_t> out) const {
  if (sealed.size() < kSegmentOverheadBytes) return std::nullopt;
  for (const SymmetricKey& key : keys_) {
    unsigned long long plain = 0;
    if (crypto_aead_chacha20poly1305_ietf_decrypt(out.data(), &plain, nullptr, sealed.data() + kNonceBytes,
                                                  sealed.size() - kNonceBytes, nullptr, 0, sealed.data(),
                                                  key.bytes().data()) == 0) {
      return static_cast<std::size_t>(plain);
    }
  }
  return std::nullopt;
}

}  // namespace oncoshare::crypt4gh
