// Passphrase-based key derivation for Crypt4GH private keys (reference keys/kdf.py).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "crypt4gh/key_files.hpp"

namespace oncoshare::crypt4gh::detail {

// Rounds the reference writes for each KDF: scrypt 0 (fixed N=2^14, r=8, p=1), bcrypt 100,
// pbkdf2_hmac_sha256 100000.
[[nodiscard]] std::uint32_t default_rounds(Kdf kdf);

// Derives out.size() bytes. False when the KDF refuses its parameters (e.g. bcrypt with an
// empty passphrase, pbkdf2 with zero rounds) or for Kdf::none.
[[nodiscard]] bool derive_key(Kdf kdf, std::string_view passphrase, std::string_view salt,
                              std::uint32_t rounds, std::span<std::uint8_t> out);

}  // namespace oncoshare::crypt4gh::detail
