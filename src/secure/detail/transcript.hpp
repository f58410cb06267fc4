// Fiat-Shamir challenges: BLAKE2b-512 (crypto_generichash) over a domain tag and the
// statement, reduced mod L. Each proof type has its own tag so a proof for one statement can
// never be replayed as another.
#pragma once

#include <sodium.h>

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "secure/group.hpp"

namespace oncoshare::secure::detail {

class Transcript {
 public:
  explicit Transcript(std::string_view domain) {
    crypto_generichash_init(&state_, nullptr, 0, 64);
    append_u32(static_cast<std::uint32_t>(domain.size()));
    crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(domain.data()), domain.size());
  }
  void append(const Point& p) { crypto_generichash_update(&state_, p.bytes.data(), p.bytes.size()); }
  void append(std::span<const std::uint8_t> bytes) { crypto_generichash_update(&state_, bytes.data(), bytes.size()); }
  void append_u32(std::uint32_t v) {
    const unsigned char le[4] = {static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8),
                                 static_cast<unsigned char>(v >> 16), static_cast<unsigned char>(v >> 24)};
    crypto_generichash_update(&state_, le, sizeof le);
  }
  // The 64-byte BLAKE2b digest; ends the transcript (call once).
  [[nodiscard]] std::array<std::uint8_t, 64> digest() {
    std::array<std::uint8_t, 64> out{};
    crypto_generichash_final(&state_, out.data(), out.size());
    return out;
  }
  [[nodiscard]] Scalar challenge() { return Scalar::reduce(digest()); }

 private:
  crypto_generichash_state state_{};
};

}  // namespace oncoshare::secure::detail
