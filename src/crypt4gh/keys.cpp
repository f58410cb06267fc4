#include "crypt4gh/keys.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>

#include "core/sodium.hpp"

namespace oncoshare::crypt4gh {

namespace {
template <class Array>
void move_and_wipe(Array& to, Array& from) {
  std::copy(from.begin(), from.end(), to.begin());
  sodium_memzero(from.data(), from.size());
}
}  // namespace

// Every key is built here first, so whatever holds a key runs with libsodium initialised.
SecretKey::SecretKey() { core::ensure_sodium(); }
SymmetricKey::SymmetricKey() { core::ensure_sodium(); }

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

DataKey DataKey::generate(DataMethod method) {
  DataKey data{SymmetricKey::generate(), method, 0};
  if (method == DataMethod::chacha20_ietf_poly1305_with_aead) randombytes_buf(&data.sequence, sizeof data.sequence);
  return data;
}

core::Result<DataMethod> parse_data_method(std::string_view name) {
  if (name == "chacha20" || name == "chacha20_ietf_poly1305" || name == "0") return DataMethod::chacha20_ietf_poly1305;
  if (name == "aead" || name == "chacha20_ietf_poly1305_with_AEAD" || name == "1") {
    return DataMethod::chacha20_ietf_poly1305_with_aead;
  }
  return core::bad_input(fmt::format("unsupported data encryption method '{}' (chacha20, the default, or aead)", name),
                         core::Location{.field = "--method"});
}

std::string_view data_method_name(DataMethod method) {
  return method == DataMethod::chacha20_ietf_poly1305 ? "chacha20_ietf_poly1305" : "chacha20_ietf_poly1305_with_AEAD";
}

}  // namespace oncoshare::crypt4gh
