// The segment cipher (OpenSSL's ChaCha20-Poly1305) against libsodium's
// crypto_aead_chacha20poly1305_ietf_*, the construction the reference uses: the same bytes
// both ways, with and without method 1's AAD, and nothing of a refused segment left in `out`.
#include <sodium.h>

#include <array>
#include <vector>

#include "core/sodium.hpp"
#include "crypt4gh/detail/chacha20_poly1305.hpp"
#include "crypt4gh/test_support.hpp"

namespace oncoshare::crypt4gh {
namespace {

std::vector<std::uint8_t> random_bytes(std::size_t n) {
  std::vector<std::uint8_t> bytes(n);
  if (n > 0) randombytes_buf(bytes.data(), bytes.size());  // an empty vector's data() may be null
  return bytes;
}

class SegmentCipher : public ::testing::TestWithParam<std::size_t> {
 protected:
  SegmentCipher() { core::ensure_sodium(); }  // randombytes_buf below
  const std::vector<std::uint8_t> key_ = random_bytes(kKeyBytes);
  const std::vector<std::uint8_t> nonce_ = random_bytes(kNonceBytes);
  const std::vector<std::uint8_t> plain_ = random_bytes(GetParam());
  std::span<const std::uint8_t, kKeyBytes> key() const { return std::span(key_).first<kKeyBytes>(); }
  std::span<const std::uint8_t, kNonceBytes> nonce() const { return std::span(nonce_).first<kNonceBytes>(); }

  std::vector<std::uint8_t> sodium_seal(std::span<const std::uint8_t> aad) const {
    std::vector<std::uint8_t> sealed(plain_.size() + kMacBytes);
    unsigned long long n = 0;
    crypto_aead_chacha20poly1305_ietf_encrypt(sealed.data(), &n, plain_.data(), plain_.size(), aad.data(), aad.size(),
                                              nullptr, nonce_.data(), key_.data());
    EXPECT_EQ(n, sealed.size());
    return sealed;
  }
};

TEST_P(SegmentCipher, SealsTheBytesLibsodiumSeals) {
  const std::array<std::uint8_t, 8> aad{1, 2, 3, 4, 5, 6, 7, 8};
  for (const std::span<const std::uint8_t> with : {std::span<const std::uint8_t>(), std::span<const std::uint8_t>(aad)}) {
    std::vector<std::uint8_t> ours(plain_.size() + kMacBytes);
    detail::aead_seal(key(), nonce(), with, plain_, ours.data());
    EXPECT_EQ(ours, sodium_seal(with)) << "aad bytes " << with.size();
  }
}

TEST_P(SegmentCipher, OpensWhatLibsodiumSealedAndRefusesAnyChange) {
  const std::array<std::uint8_t, 8> aad{8, 7, 6, 5, 4, 3, 2, 1};
  std::vector<std::uint8_t> sealed = sodium_seal(aad);
  std::vector<std::uint8_t> out(plain_.size());
  ASSERT_TRUE(detail::aead_open(key(), nonce(), aad, sealed, out.data()));
  EXPECT_EQ(out, plain_);

  const std::array<std::uint8_t, 8> other_aad{8, 7, 6, 5, 4, 3, 2, 0};
  EXPECT_FALSE(detail::aead_open(key(), nonce(), other_aad, sealed, out.data()));
  EXPECT_FALSE(detail::aead_open(key(), nonce(), {}, sealed, out.data()));
  sealed[sealed.size() / 2] ^= 0x01;  // in the ciphertext, or in the tag for an empty segment
  std::fill(out.begin(), out.end(), 0xAA);
  EXPECT_FALSE(detail::aead_open(key(), nonce(), aad, sealed, out.data()));
  EXPECT_EQ(out, std::vector<std::uint8_t>(plain_.size(), 0)) << "unauthenticated plaintext left in out";
}

// An empty final segment (method 1), a short one, a full 64 KiB one.
INSTANTIATE_TEST_SUITE_P(Sizes, SegmentCipher, ::testing::Values(0, 1, 1000, kSegmentBytes));

TEST(SegmentCipherSizes, TooShortToHoldATagIsRefused) {
  const std::array<std::uint8_t, kKeyBytes> key{};
  const std::array<std::uint8_t, kNonceBytes> nonce{};
  const std::array<std::uint8_t, kMacBytes - 1> sealed{};
  std::array<std::uint8_t, 1> out{};
  EXPECT_FALSE(detail::aead_open(key, nonce, {}, sealed, out.data()));
}

}  // namespace
}  // namespace oncoshare::crypt4gh
