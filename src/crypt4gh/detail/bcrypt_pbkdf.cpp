// Blowfish is deprecated in OpenSSL 3 but still exported by libcrypto; bcrypt_pbkdf needs its
// raw state (P-array, S-boxes) and block function, which the EVP interface hides.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "crypt4gh/detail/bcrypt_pbkdf.hpp"

#include <openssl/blowfish.h>
#include <openssl/bn.h>
#include <openssl/sha.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace oncoshare::crypt4gh::detail {

namespace {

constexpr std::size_t kStateWords = 18 + 4 * 256;  // P-array + four S-boxes
constexpr std::size_t kHashWords = 8;
constexpr std::size_t kHashBytes = kHashWords * 4;

// Blowfish's initial state is the fractional part of pi in hexadecimal. OpenSSL keeps its
// copy private, so it is recomputed once with BIGNUM (Machin: pi = 16 atan(1/5) - 4 atan(1/239)).
void add_arctan_inverse(BIGNUM* sum, BN_ULONG x, BN_ULONG factor, int bits) {
  std::unique_ptr<BIGNUM, decltype(&BN_free)> term(BN_new(), BN_free);
  std::unique_ptr<BIGNUM, decltype(&BN_free)> part(BN_new(), BN_free);
  BN_one(term.get());
  BN_lshift(term.get(), term.get(), bits);
  BN_mul_word(term.get(), factor);
  BN_div_word(term.get(), x);
  for (BN_ULONG k = 0; !BN_is_zero(term.get()); ++k) {
    BN_copy(part.get(), term.get());
    BN_div_word(part.get(), 2 * k + 1);
    if (k % 2 == 0) BN_add(sum, sum, part.get()); else BN_sub(sum, sum, part.get());
    BN_div_word(term.get(), x * x);
  }
}

std::array<std::uint32_t, kStateWords> compute_pi_words() {
  constexpr int kFractionBits = static_cast<int>(kStateWords * 32);
  constexpr int kGuardBits = 64;
  std::unique_ptr<BIGNUM, decltype(&BN_free)> pi(BN_new(), BN_free);
  BN_zero(pi.get());
  add_arctan_inverse(pi.get(), 5, 16, kFractionBits + kGuardBits);
  std::unique_ptr<BIGNUM, decltype(&BN_free)> second(BN_new(), BN_free);
  BN_zero(second.get());
  add_arctan_inverse(second.get(), 239, 4, kFractionBits + kGuardBits);
  BN_sub(pi.get(), pi.get(), second.get());
  BN_rshift(pi.get(), pi.get(), kGuardBits);
  BN_mask_bits(pi.get(), kFractionBits);  // drop the integer part 3
  std::array<unsigned char, kStateWords * 4> raw{};
  BN_bn2binpad(pi.get(), raw.data(), static_cast<int>(raw.size()));
  std::array<std::uint32_t, kStateWords> words{};
  for (std::size_t i = 0; i < kStateWords; ++i) {
    words[i] = (std::uint32_t{raw[4 * i]} << 24) | (std::uint32_t{raw[4 * i + 1]} << 16) |
               (std::uint32_t{raw[4 * i + 2]} << 8) | std::uint32_t{raw[4 * i + 3]};
  }
  // First P word and last S-box word of the published Blowfish tables.
  if (words.front() != 0x243F6A88u || words.back() != 0x3AC372E6u) {
    throw std::logic_error("bcrypt_pbkdf: Blowfish initial state computed wrongly");
  }
  return words;
}

const std::array<std::uint32_t, kStateWords>& pi_words() {
  static const std::array<std::uint32_t, kStateWords> words = compute_pi_words();
  return words;
}

void init_state(BF_KEY& state) {
  const auto& words = pi_words();
  std::copy(words.begin(), words.begin() + 18, state.P);
  std::copy(words.begin() + 18, words.end(), state.S);
}

// Next big-endian 32-bit word of `data`, wrapping around (Blowfish_stream2word).
std::uint32_t stream_word(const std::uint8_t* data, std::size_t size, std::size_t& pos) {
  std::uint32_t word = 0;
  for (int i = 0; i < 4; ++i) {
    if (pos >= size) pos = 0;
    word = (word << 8) | data[pos++];
  }
  return word;
}

// Blowfish_expandstate (salt != nullptr) and Blowfish_expand0state (salt == nullptr).
void expand_state(BF_KEY& state, const std::uint8_t* salt, std::size_t salt_size,
                  const std::uint8_t* key, std::size_t key_size) {
  std::size_t pos = 0;
  for (auto& p : state.P) p ^= stream_word(key, key_size, pos);
  pos = 0;
  BF_LONG block[2] = {0, 0};
  auto next = [&](BF_LONG* out) {
    if (salt != nullptr) {
      block[0] ^= stream_word(salt, salt_size, pos);
      block[1] ^= stream_word(salt, salt_size, pos);
    }
    BF_encrypt(block, &state);
    out[0] = block[0];
    out[1] = block[1];
  };
  for (std::size_t i = 0; i < 18; i += 2) next(&state.P[i]);
  for (std::size_t i = 0; i < 4 * 256; i += 2) next(&state.S[i]);
}

void bcrypt_hash(const std::uint8_t* sha2pass, const std::uint8_t* sha2salt, std::uint8_t* out) {
  BF_KEY state;
  init_state(state);
  expand_state(state, sha2salt, SHA512_DIGEST_LENGTH, sha2pass, SHA512_DIGEST_LENGTH);
  for (int i = 0; i < 64; ++i) {
    expand_state(state, nullptr, 0, sha2salt, SHA512_DIGEST_LENGTH);
    expand_state(state, nullptr, 0, sha2pass, SHA512_DIGEST_LENGTH);
  }
  static constexpr char kText[] = "OxychromaticBlowfishSwatDynamite";
  BF_LONG cdata[kHashWords];
  std::size_t pos = 0;
  for (auto& word : cdata) {
    word = stream_word(reinterpret_cast<const std::uint8_t*>(kText), kHashBytes, pos);
  }
  for (int i = 0; i < 64; ++i) {
    for (std::size_t b = 0; b < kHashWords; b += 2) BF_encrypt(&cdata[b], &state);
  }
  for (std::size_t i = 0; i < kHashWords; ++i) {  // little-endian copy out, as OpenBSD
    for (int b = 0; b < 4; ++b) out[4 * i + b] = static_cast<std::uint8_t>(cdata[i] >> (8 * b));
  }
  sodium_memzero(&state, sizeof state);
  sodium_memzero(cdata, sizeof cdata);
}

}  // namespace

bool bcrypt_pbkdf(std::string_view passphrase, std::string_view salt, std::uint32_t rounds,
                  std::span<std::uint8_t> out) {
  const std::size_t keylen = out.size();
  if (rounds < 1 || passphrase.empty() || salt.empty() || keylen == 0 ||
      keylen > kHashBytes * kHashBytes) {
    return false;
  }
  const std::size_t stride = (keylen + kHashBytes - 1) / kHashBytes;
  std::size_t amount = (keylen + stride - 1) / stride;
  std::uint8_t sha2pass[SHA512_DIGEST_LENGTH];
  std::uint8_t sha2salt[SHA512_DIGEST_LENGTH];
  std::uint8_t block[kHashBytes];
  std::uint8_t tmp[kHashBytes];
  SHA512(reinterpret_cast<const unsigned char*>(passphrase.data()), passphrase.size(), sha2pass);
  std::size_t left = keylen;
  for (std::uint32_t count = 1; left > 0; ++count) {
    SHA512_CTX sha;
    SHA512_Init(&sha);
    SHA512_Update(&sha, salt.data(), salt.size());
    const std::uint8_t count_be[4] = {static_cast<std::uint8_t>(count >> 24),
                                      static_cast<std::uint8_t>(count >> 16),
                                      static_cast<std::uint8_t>(count >> 8),
                                      static_cast<std::uint8_t>(count)};
    SHA512_Update(&sha, count_be, sizeof count_be);
    SHA512_Final(sha2salt, &sha);
    bcrypt_hash(sha2pass, sha2salt, tmp);
    std::memcpy(block, tmp, sizeof block);
    for (std::uint32_t r = 1; r < rounds; ++r) {
      SHA512(tmp, sizeof tmp, sha2salt);
      bcrypt_hash(sha2pass, sha2salt, tmp);
      for (std::size_t j = 0; j < sizeof block; ++j) block[j] ^= tmp[j];
    }
    amount = std::min(amount, left);
    std::size_t i = 0;
    for (; i < amount; ++i) {
      const std::size_t dest = i * stride + (count - 1);
      if (dest >= keylen) break;
      out[dest] = block[i];
    }
    left -= i;
  }
  sodium_memzero(sha2pass, sizeof sha2pass);
  sodium_memzero(sha2salt, sizeof sha2salt);
  sodium_memzero(block, sizeof block);
  sodium_memzero(tmp, sizeof tmp);
  return true;
}

}  // namespace oncoshare::crypt4gh::detail
