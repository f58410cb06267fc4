#include "crypt4gh/detail/openssh.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <sodium.h>

#include <memory>
#include <vector>

#include "crypt4gh/detail/armor.hpp"
#include "crypt4gh/detail/bytes.hpp"
#include "crypt4gh/detail/kdf.hpp"

namespace oncoshare::crypt4gh::detail {

namespace {

constexpr int kLen = 4;  // OpenSSH strings carry a 4-byte big-endian length

core::Error bad(const std::string& source, std::string message) {
  return core::bad_input(std::move(message), core::Location{source});
}

struct CipherInfo {
  std::string_view name;
  const EVP_CIPHER* (*cipher)();
};
constexpr CipherInfo kCiphers[] = {
    {"aes128-ctr", EVP_aes_128_ctr}, {"aes192-ctr", EVP_aes_192_ctr}, {"aes256-ctr", EVP_aes_256_ctr},
    {"aes128-cbc", EVP_aes_128_cbc}, {"aes192-cbc", EVP_aes_192_cbc}, {"aes256-cbc", EVP_aes_256_cbc},
};

// Decrypts the private section with key || iv derived by bcrypt_pbkdf.
core::Result<std::string> decrypt_private(std::string_view cipher_name, std::string_view ciphertext,
                                          std::string_view salt, std::uint32_t rounds,
                                          const PassphraseCallback& passphrase, const std::string& source) {
  const CipherInfo* info = nullptr;
  for (const auto& c : kCiphers) {
    if (c.name == cipher_name) info = &c;
  }
  if (info == nullptr) return bad(source, fmt::format("unsupported OpenSSH key cipher '{}'", cipher_name));
  const EVP_CIPHER* cipher = info->cipher();
  const auto key_len = static_cast<std::size_t>(EVP_CIPHER_get_key_length(cipher));
  const auto iv_len = static_cast<std::size_t>(EVP_CIPHER_get_iv_length(cipher));
  if (ciphertext.size() % static_cast<std::size_t>(EVP_CIPHER_get_block_size(cipher)) != 0) {
    return bad(source, "OpenSSH private section is not a whole number of cipher blocks");
  }
  core::Result<std::string> pass = passphrase();
  if (!pass) return pass.error();
  std::vector<std::uint8_t> derived(key_len + iv_len);
  const bool ok = derive_key(Kdf::bcrypt, *pass, salt, rounds, derived);
  sodium_memzero(pass->data(), pass->size());
  if (!ok) return bad(source, "wrong passphrase (bcrypt_pbkdf refused it: empty?)");
  std::string plain(ciphertext.size() + 32, '\0');
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                      EVP_CIPHER_CTX_free);
  int n1 = 0;
  int n2 = 0;
  const bool decrypted =
      EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, derived.data(), derived.data() + key_len) == 1 &&
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) == 1 &&
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &n1,
                        reinterpret_cast<const unsigned char*>(ciphertext.data()),
                        static_cast<int>(ciphertext.size())) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + n1, &n2) == 1;
  sodium_memzero(derived.data(), derived.size());
  if (!decrypted) return bad(source, "cannot decrypt the OpenSSH private section");
  plain.resize(static_cast<std::size_t>(n1 + n2));
  return plain;
}

}  // namespace

core::Result<PublicKey> parse_ssh_public_key(std::string_view line, const std::string& source) {
  constexpr std::string_view kPrefix = "ssh-ed25519 ";
  if (!line.starts_with(kPrefix)) {
    return bad(source, fmt::format("unsupported SSH public key type '{}' (only ssh-ed25519)",
                                   line.substr(0, line.find(' '))));
  }
  line.remove_prefix(kPrefix.size());
  auto blob = base64_decode(line.substr(0, line.find(' ')));
  if (!blob) return bad(source, "ssh-ed25519 public key: invalid base64");
  ByteReader reader(*blob);
  auto type = reader.take_string(kLen);
  auto ed_pk = reader.take_string(kLen);
  if (!type || *type != "ssh-ed25519" || !ed_pk || ed_pk->size() != crypto_sign_ed25519_PUBLICKEYBYTES) {
    return bad(source, "ssh-ed25519 public key: malformed key blob");
  }
  PublicKey pk{};
  if (crypto_sign_ed25519_pk_to_curve25519(pk.data(), reinterpret_cast<const std::uint8_t*>(ed_pk->data())) != 0) {
    return bad(source, "ssh-ed25519 public key: not a valid Ed25519 point");
  }
  return pk;
}

core::Result<SecretKey> parse_openssh_secret_key(std::string_view body, const PassphraseCallback& passphrase,
                                                 const std::string& source) {
  ByteReader reader(body);
  auto cipher = reader.take_string(kLen);
  auto kdf = reader.take_string(kLen);
  auto kdf_options = reader.take_string(kLen);
  auto count = reader.take_be(4);
  auto public_keys = reader.take_string(kLen);
  auto private_section = reader.take_string(kLen);
  if (!cipher || !kdf || !kdf_options || !count || !public_keys || !private_section) {
    return bad(source, "OpenSSH private key: truncated");
  }
  if (*count != 1) return bad(source, fmt::format("OpenSSH private key: {} keys (expected 1)", *count));
  std::string plain;
  if (*kdf == "none" && *cipher == "none") {
    plain = std::string(*private_section);
  } else if (*kdf == "bcrypt") {
    ByteReader options(*kdf_options);
    auto salt = options.take_string(kLen);
    auto rounds = options.take_be(4);
    if (!salt || !rounds) return bad(source, "OpenSSH private key: malformed bcrypt options");
    auto decrypted = decrypt_private(*cipher, *private_section, *salt, static_cast<std::uint32_t>(*rounds),
                                     passphrase, source);
    if (!decrypted) return decrypted.error();
    plain = std::move(*decrypted);
  } else {
    return bad(source, fmt::format("OpenSSH private key: unsupported KDF '{}'", *kdf));
  }
  ByteReader priv(plain);
  auto check1 = priv.take_be(4);
  auto check2 = priv.take_be(4);
  if (!check2 || *check1 != *check2) {
    sodium_memzero(plain.data(), plain.size());
    return bad(source, "wrong passphrase (OpenSSH check integers differ)");
  }
  auto type = priv.take_string(kLen);
  auto ed_pk = priv.take_string(kLen);
  auto ed_skpk = priv.take_string(kLen);
  if (!type || !ed_pk || !ed_skpk || *type != "ssh-ed25519" || ed_skpk->size() != crypto_sign_ed25519_SECRETKEYBYTES) {
    sodium_memzero(plain.data(), plain.size());
    return bad(source, "OpenSSH private key: not an ssh-ed25519 key");
  }
  std::array<std::uint8_t, kKeyBytes> x25519{};
  crypto_sign_ed25519_sk_to_curve25519(x25519.data(), reinterpret_cast<const std::uint8_t*>(ed_skpk->data()));
  SecretKey key = SecretKey::from_bytes(x25519);
  sodium_memzero(x25519.data(), x25519.size());
  sodium_memzero(plain.data(), plain.size());
  return key;
}

}  // namespace oncoshare::crypt4gh::detail
