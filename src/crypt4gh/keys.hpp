// X25519 key pairs for Crypt4GH. The secret holder is move-only and wiped on destruction.
#pragma once

#include <span>
#include <string_view>

#include "core/result.hpp"
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
  SecretKey();  // initialises libsodium
  std::array<std::uint8_t, kKeyBytes> bytes_{};
};

// A 32-byte symmetric key (data key or header shared key); move-only, wiped on destruction.
class SymmetricKey {
 public:
  SymmetricKey();  // initialises libsodium (so every holder of a key may use it)
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

// A data key with its method and, for method 1, the sequence number added to each segment
// index to form that segment's AAD (one data key packet carries exactly these fields).
struct DataKey {
  SymmetricKey key;
  DataMethod method = DataMethod::chacha20_ietf_poly1305;
  std::uint64_t sequence = 0;  // 0 and unused for method 0

  // A fresh random key; for method 1 also a random sequence number (randombytes_buf).
  [[nodiscard]] static DataKey generate(DataMethod method);
};

// "chacha20" / "chacha20_ietf_poly1305" / "0", or "aead" / "chacha20_ietf_poly1305_with_AEAD" /
// "1". Error (bad_input, field --method) for anything else.
[[nodiscard]] core::Result<DataMethod> parse_data_method(std::string_view name);
// The spec's name of `method`.
[[nodiscard]] std::string_view data_method_name(DataMethod method);

}  // namespace oncoshare::crypt4gh
