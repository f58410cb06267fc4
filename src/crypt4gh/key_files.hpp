// Crypt4GH key files, byte-compatible with the reference crypt4gh-keygen: armoured X25519
// public keys, "c4gh-v1" private keys (scrypt / bcrypt / pbkdf2_hmac_sha256 / none), and,
// for reading only, OpenSSH ed25519 keys (converted to X25519).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "crypt4gh/keys.hpp"

namespace oncoshare::crypt4gh {

enum class Kdf { none, scrypt, bcrypt, pbkdf2_hmac_sha256 };

// "scrypt" -> Kdf::scrypt, ...; nullopt for an unknown name.
[[nodiscard]] std::optional<Kdf> kdf_from_name(std::string_view name);
[[nodiscard]] std::string_view kdf_name(Kdf kdf);

// Asked at most once, and only when the key is encrypted. May fail (e.g. no terminal).
using PassphraseCallback = std::function<core::Result<std::string>()>;

// "-----BEGIN CRYPT4GH PUBLIC KEY-----" armour around the raw key.
[[nodiscard]] std::string format_public_key(const PublicKey& key);

// The armoured c4gh-v1 private key. Kdf::none stores the key in clear and ignores the
// passphrase; otherwise an empty passphrase is an error. Fresh random salt and nonce.
[[nodiscard]] core::Result<std::string> format_secret_key(const SecretKey& key, Kdf kdf,
                                                          std::string_view passphrase,
                                                          std::optional<std::string_view> comment);

// Parses a public key file's text: Crypt4GH armour or an "ssh-ed25519 AAAA..." line.
// `source` names the file in errors.
[[nodiscard]] core::Result<PublicKey> parse_public_key(std::string_view text, const std::string& source);

// Parses a private key file's text (c4gh-v1 or openssh-key-v1 in any "-----BEGIN" armour).
[[nodiscard]] core::Result<SecretKey> parse_secret_key(std::string_view text,
                                                       const PassphraseCallback& passphrase,
                                                       const std::string& source);

// The same, reading the file at `path`.
[[nodiscard]] core::Result<PublicKey> read_public_key(const std::string& path);
[[nodiscard]] core::Result<SecretKey> read_secret_key(const std::string& path,
                                                      const PassphraseCallback& passphrase);

}  // namespace oncoshare::crypt4gh
