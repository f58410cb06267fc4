#include "crypt4gh/detail/kdf.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <climits>

#include "crypt4gh/detail/bcrypt_pbkdf.hpp"

namespace oncoshare::crypt4gh::detail {

namespace {
constexpr std::uint64_t kScryptN = 1u << 14;
constexpr std::uint32_t kScryptR = 8;
constexpr std::uint32_t kScryptP = 1;
}  // namespace

std::uint32_t default_rounds(Kdf kdf) {
  switch (kdf) {
    case Kdf::bcrypt: return 100;
    case Kdf::pbkdf2_hmac_sha256: return 100000;
    case Kdf::scrypt:
    case Kdf::none: return 0;
  }
  return 0;
}

bool derive_key(Kdf kdf, std::string_view passphrase, std::string_view salt, std::uint32_t rounds,
                std::span<std::uint8_t> out) {
  const auto* pass = reinterpret_cast<const std::uint8_t*>(passphrase.data());
  const auto* salt_bytes = reinterpret_cast<const std::uint8_t*>(salt.data());
  switch (kdf) {
    case Kdf::scrypt:  // the stored rounds are ignored by the reference too
      return crypto_pwhash_scryptsalsa208sha256_ll(pass, passphrase.size(), salt_bytes, salt.size(),
                                                   kScryptN, kScryptR, kScryptP, out.data(),
                                                   out.size()) == 0;
    case Kdf::bcrypt: return bcrypt_pbkdf(passphrase, salt, rounds, out);
    case Kdf::pbkdf2_hmac_sha256:
      if (rounds == 0 || rounds > INT_MAX) return false;
      return PKCS5_PBKDF2_HMAC(passphrase.data(), static_cast<int>(passphrase.size()), salt_bytes,
                               static_cast<int>(salt.size()), static_cast<int>(rounds), EVP_sha256(),
                               static_cast<int>(out.size()), out.data()) == 1;
    case Kdf::none: return false;
  }
  return false;
}

}  // namespace oncoshare::crypt4gh::detail
