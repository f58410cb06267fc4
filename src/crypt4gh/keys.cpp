#include "crypt4gh/keys.hpp"

#include <sodium.h>

#include <algorithm>

namespace oncoshare::crypt4gh {

namespace {
template <class Array>
void move_and_wipe(Array& to, Array& from) {
  std::copy(from.begin(), from.end(), to.begin());
  sodium_memzero(from.data(), from.size());
}
}  // namespace

SecretKey SecretKey::generate() {
  SecretKey key;
  randombytes_buf(key.bytes_.data(), key.bytes_.size());
  return key;
}

SecretKey SecretKey::from_bytes(std::span<const std::uint8_t, kKeyBytes> bytes) {
  SecretKey key;
  std::copy(bytes.begin(), bytes.end(), key.bytes_.begin());
  return key;
}

SecretKey::SecretKey(SecretKey&& other) noexcept { move_and_wipe(bytes_, other.bytes_); }
SecretKey& SecretKey::operator=(SecretKey&& other) noexcept {
  if (this != &other) move_and_wipe(bytes_, other.bytes_);
  return *this;
}
SecretKey::~SecretKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

PublicKey SecretKey::public_key() const {
  PublicKey pk{};
  crypto_scalarmult_base(pk.data(), bytes_.data());
  return pk;
}

SymmetricKey SymmetricKey::generate() {
  SymmetricKey key;
  randombytes_buf(key.bytes_.data(), key.bytes_.size());
  return key;
}
SymmetricKey::SymmetricKey(SymmetricKey&& other) noexcept { move_and_wipe(bytes_, other.bytes_); }
SymmetricKey& SymmetricKey::operator=(SymmetricKey&& other) noexcept {
  if (this != &other) move_and_wipe(bytes_, other.bytes_);
  return *this;
}
SymmetricKey::~SymmetricKey() { sodium_memzero(bytes_.data(), bytes_.size()); }
bool SymmetricKey::operator==(const SymmetricKey& other) const {
  return sodium_memcmp(bytes_.data(), other.bytes_.data(), bytes_.size()) == 0;
}

}  // namespace oncoshare::crypt4gh
