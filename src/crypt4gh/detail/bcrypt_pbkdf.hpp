// OpenSSH's bcrypt_pbkdf (the KDF behind "bcrypt" Crypt4GH keys and encrypted OpenSSH keys).
// No Debian C library exports it, so it is composed here from OpenSSL's Blowfish block
// function (BF_encrypt) and SHA-512, following OpenBSD's bcrypt_pbkdf.c.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace oncoshare::crypt4gh::detail {

// Fills `out` (1..1024 bytes). Returns false for an empty passphrase or salt, zero rounds or
// a bad output size, as OpenBSD does.
[[nodiscard]] bool bcrypt_pbkdf(std::string_view passphrase, std::string_view salt,
                                std::uint32_t rounds, std::span<std::uint8_t> out);

}  // namespace oncoshare::crypt4gh::detail
