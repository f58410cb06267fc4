// X25519 key pairs for Crypt4GH. The secret holder is move-only and wiped on destruction.
#pragma once

#include <span>

#include "crypt4gh/constants.hpp"

namespace oncoshare::crypt4gh {

class SecretKey {
 public:
  // A fresh random X25519 secret key (randombytes_buf).
  [[nodiscard]] static SecretKey generate();
  // Wraps 32 raw secret bytes (copied; the caller wipes its own copy).
  [[nodiscard]] static SecretKey from_bytes(std::span<const std::uint8_t, kKeyBytes> bytes);

  SecretKey(SecretKey&& other) noexcept;
  SecretKey& operator=(SecretKey&& other) noexcept;
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;
  ~SecretKey();  // sodium_memzero

  // K_p = X25519(K_s, 9).
  [[nodiscard]] PublicKey public_key() const;
  [[nodiscard]] std::span<const std::uint8_t, kKeyBytes> bytes() const { return bytes_; }

 private:
  SecretKey() = default;
  std::array<std::uint8_t, kKeyBytes> bytes_{};
};

// A 32-byte symmetric key (data key or header shared key); move-only, wiped on destruction.
class SymmetricKey {
 public:
  SymmetricKey() = default;
  SymmetricKey(SymmetricKey&& other) noexcept;
  SymmetricKey& operator=(SymmetricKey&& other) noexcept;
  SymmetricKey(const SymmetricKey&) = delete;
  SymmetricKey& operator=(const SymmetricKey&) = delete;
  ~SymmetricKey();

  // A fresh random key.
  [[nodiscard]] static SymmetricKey generate();
  [[nodiscard]] std::span<std::uint8_t, kKeyBytes> bytes() { return bytes_; }
  [[nodiscard]] std::span<const std::uint8_t, kKeyBytes> bytes() const { return bytes_; }
  [[nodiscard]] bool operator==(const SymmetricKey& other) const;  // constant time

 private:
  std::array<std::uint8_t, kKeyBytes> bytes_{};
};

}  // namespace oncoshare::crypt4gh
