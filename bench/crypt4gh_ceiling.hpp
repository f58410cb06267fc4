// The ceiling for Crypt4GH data: ChaCha20-Poly1305 over `total` bytes in 64 KiB segments with
// a random nonce each, in this process (no I/O, no header), on `threads` threads each sealing
// its share of the segments; with libsodium's crypto_aead_chacha20poly1305_ietf_encrypt (what
// the reference uses) or OpenSSL's (what oncoshare uses, detail/chacha20_poly1305.hpp).
#pragma once

#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "crypt4gh/constants.hpp"
#include "crypt4gh/detail/chacha20_poly1305.hpp"

namespace oncoshare::bench {

enum class AeadLibrary { libsodium, openssl };

// Wall seconds to seal `total` bytes.
inline double raw_aead_seconds(std::uint64_t total, unsigned threads, AeadLibrary library) {
  namespace c4gh = crypt4gh;
  std::array<std::uint8_t, c4gh::kKeyBytes> key{};
  randombytes_buf(key.data(), key.size());
  const std::uint64_t segments = (total + c4gh::kSegmentBytes - 1) / c4gh::kSegmentBytes;
  auto seal_share = [&](unsigned part) {
    std::vector<std::uint8_t> plain(c4gh::kSegmentBytes);
    std::vector<std::uint8_t> sealed(c4gh::kCipherSegmentBytes);
    randombytes_buf(plain.data(), plain.size());
    for (std::uint64_t s = part; s < segments; s += threads) {
      randombytes_buf(sealed.data(), c4gh::kNonceBytes);
      if (library == AeadLibrary::openssl) {
        c4gh::detail::aead_seal(key, std::span(sealed).first<c4gh::kNonceBytes>(), {}, plain,
                                sealed.data() + c4gh::kNonceBytes);
      } else {
        crypto_aead_chacha20poly1305_ietf_encrypt(sealed.data() + c4gh::kNonceBytes, nullptr, plain.data(),
                                                  plain.size(), nullptr, 0, nullptr, sealed.data(), key.data());
      }
    }
  };
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (unsigned part = 0; part < threads; ++part) workers.emplace_back(seal_share, part);
  for (std::thread& worker : workers) worker.join();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace oncoshare::bench
