#include "crypt4gh/key_files.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <fstream>
#include <sstream>

#include "core/sodium.hpp"
#include "crypt4gh/detail/armor.hpp"
#include "crypt4gh/detail/bytes.hpp"
#include "crypt4gh/detail/kdf.hpp"
#include "crypt4gh/detail/openssh.hpp"

namespace oncoshare::crypt4gh {

namespace {

constexpr std::string_view kC4ghMagic = "c4gh-v1";
constexpr std::string_view kCipherName = "chacha20_poly1305";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kSealedKeyBytes = kNonceBytes + kKeyBytes + kMacBytes;
constexpr int kLen = 2;  // c4gh-v1 strings carry a 2-byte big-endian length

core::Error bad(const std::string& source, std::string message) {
  return core::bad_input(std::move(message), core::Location{source});
}

void put_string(std::string& out, std::string_view s) {
  detail::put_be(out, s.size(), kLen);
  out.append(s);
}

const std::uint8_t* bytes_of(std::string_view s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }

core::Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::io_error("cannot open key file", core::Location{path});
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

core::Result<SecretKey> parse_c4gh_secret_key(std::string_view body, const PassphraseCallback& passphrase,
                                              const std::string& source) {
  detail::ByteReader reader(body);
  auto kdf_text = reader.take_string(kLen);
  if (!kdf_text) return bad(source, "c4gh-v1 private key: truncated before the KDF name");
  const std::optional<Kdf> kdf = kdf_from_name(*kdf_text);
  if (!kdf) return bad(source, fmt::format("c4gh-v1 private key: unsupported KDF '{}'", *kdf_text));
  std::optional<std::string_view> options;
  if (*kdf != Kdf::none) {
    options = reader.take_string(kLen);
    if (!options || options->size() < 4) return bad(source, "c4gh-v1 private key: malformed KDF options");
  }
  auto cipher = reader.take_string(kLen);
  auto blob = reader.take_string(kLen);
  if (!cipher || !blob) return bad(source, "c4gh-v1 private key: truncated");
  if (*cipher == "none") {
    if (blob->size() != kKeyBytes) return bad(source, "c4gh-v1 private key: clear key is not 32 bytes");
    return SecretKey::from_bytes(std::span<const std::uint8_t, kKeyBytes>(bytes_of(*blob), kKeyBytes));
  }
  if (*cipher != kCipherName) {
    return bad(source, fmt::format("c4gh-v1 private key: unsupported cipher '{}'", *cipher));
  }
  if (*kdf == Kdf::none) return bad(source, "c4gh-v1 private key: encrypted key without a KDF");
  if (blob->size() != kSealedKeyBytes) {
    return bad(source, fmt::format("c4gh-v1 private key: encrypted key is {} bytes (expected {})",
                                   blob->size(), kSealedKeyBytes));
  }
  const auto rounds = static_cast<std::uint32_t>(detail::get_be(*options, 4));
  const std::string_view salt = options->substr(4);
  core::Result<std::string> pass = passphrase();
  if (!pass) return pass.error();
  std::array<std::uint8_t, kKeyBytes> derived{};
  const bool derived_ok = detail::derive_key(*kdf, *pass, salt, rounds, derived);
  sodium_memzero(pass->data(), pass->size());
  if (!derived_ok) return bad(source, fmt::format("wrong passphrase ({} refused it)", kdf_name(*kdf)));
  std::array<std::uint8_t, kKeyBytes> secret{};
  unsigned long long secret_len = 0;
  const int rc = crypto_aead_chacha20poly1305_ietf_decrypt(
      secret.data(), &secret_len, nullptr, bytes_of(*blob) + kNonceBytes, blob->size() - kNonceBytes,
      nullptr, 0, bytes_of(*blob), derived.data());
  sodium_memzero(derived.data(), derived.size());
  if (rc != 0) return bad(source, "wrong passphrase (or the private key was modified)");
  SecretKey key = SecretKey::from_bytes(secret);
  sodium_memzero(secret.data(), secret.size());
  return key;
}

}  // namespace

std::optional<Kdf> kdf_from_name(std::string_view name) {
  if (name == "none") return Kdf::none;
  if (name == "scrypt") return Kdf::scrypt;
  if (name == "bcrypt") return Kdf::bcrypt;
  if (name == "pbkdf2_hmac_sha256") return Kdf::pbkdf2_hmac_sha256;
  return std::nullopt;
}

std::string_view kdf_name(Kdf kdf) {
  switch (kdf) {
    case Kdf::none: return "none";
    case Kdf::scrypt: return "scrypt";
    case Kdf::bcrypt: return "bcrypt";
    case Kdf::pbkdf2_hmac_sha256: return "pbkdf2_hmac_sha256";
  }
  return "none";
}

std::string format_public_key(const PublicKey& key) {
  return detail::armor("CRYPT4GH PUBLIC KEY",
                       std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
}

core::Result<std::string> format_secret_key(const SecretKey& key, Kdf kdf, std::string_view passphrase,
                                            std::optional<std::string_view> comment) {
  std::string body(kC4ghMagic);
  const auto secret = key.bytes();
  if (kdf == Kdf::none) {
    put_string(body, "none");
    put_string(body, "none");
    put_string(body, std::string_view(reinterpret_cast<const char*>(secret.data()), secret.size()));
  } else {
    if (passphrase.empty()) return core::bad_input("an encrypted private key needs a non-empty passphrase");
    std::array<std::uint8_t, kSaltBytes> salt{};
    randombytes_buf(salt.data(), salt.size());
    const std::uint32_t rounds = detail::default_rounds(kdf);
    std::string options;
    detail::put_be(options, rounds, 4);
    options.append(reinterpret_cast<const char*>(salt.data()), salt.size());
    std::array<std::uint8_t, kKeyBytes> derived{};
    const std::string_view salt_view(reinterpret_cast<const char*>(salt.data()), salt.size());
    if (!detail::derive_key(kdf, passphrase, salt_view, rounds, derived)) {
      return core::Error{core::ErrorCode::internal, fmt::format("{} key derivation failed", kdf_name(kdf))};
    }
    std::array<std::uint8_t, kSealedKeyBytes> sealed{};
    randombytes_buf(sealed.data(), kNonceBytes);
    crypto_aead_chacha20poly1305_ietf_encrypt(sealed.data() + kNonceBytes, nullptr, secret.data(),
                                              secret.size(), nullptr, 0, nullptr, sealed.data(),
                                              derived.data());
    sodium_memzero(derived.data(), derived.size());
    put_string(body, kdf_name(kdf));
    put_string(body, options);
    put_string(body, kCipherName);
    put_string(body, std::string_view(reinterpret_cast<const char*>(sealed.data()), sealed.size()));
  }
  if (comment) put_string(body, *comment);
  std::string text = detail::armor("CRYPT4GH PRIVATE KEY", body);
  sodium_memzero(body.data(), body.size());
  return text;
}

core::Result<PublicKey> parse_public_key(std::string_view text, const std::string& source) {
  core::ensure_sodium();  // ssh keys are converted with crypto_sign_ed25519_pk_to_curve25519
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return bad(source, "empty public key file");
  text.remove_prefix(start);
  if (text.starts_with("ssh-")) return detail::parse_ssh_public_key(text.substr(0, text.find('\n')), source);
  std::string label;
  auto body = detail::dearmor(text, &label);
  if (!body || label.find("CRYPT4GH") == std::string::npos) {
    return bad(source, "not a Crypt4GH public key (expected '-----BEGIN CRYPT4GH PUBLIC KEY-----' armour "
                       "with base64, or 'ssh-ed25519 ...')");
  }
  if (body->size() != kKeyBytes) {
    return bad(source, fmt::format("public key is {} bytes (expected {})", body->size(), kKeyBytes));
  }
  PublicKey pk{};
  std::copy(body->begin(), body->end(), pk.begin());
  return pk;
}

core::Result<SecretKey> parse_secret_key(std::string_view text, const PassphraseCallback& passphrase,
                                         const std::string& source) {
  core::ensure_sodium();  // the KDF runs before any SecretKey exists
  auto body = detail::dearmor(text);
  if (!body) {
    return bad(source, "not a PEM-armoured private key (expected '-----BEGIN ...-----', base64, "
                       "'-----END ...-----')");
  }
  core::Result<SecretKey> key = bad(source, "unknown private key format (neither c4gh-v1 nor openssh-key-v1)");
  const std::string_view view(*body);
  if (view.starts_with(kC4ghMagic)) {
    key = parse_c4gh_secret_key(view.substr(kC4ghMagic.size()), passphrase, source);
  } else if (view.starts_with(detail::kOpensshMagic)) {
    key = detail::parse_openssh_secret_key(view.substr(detail::kOpensshMagic.size()), passphrase, source);
  }
  sodium_memzero(body->data(), body->size());
  return key;
}

core::Result<PublicKey> read_public_key(const std::string& path) {
  core::Result<std::string> text = read_text(path);
  if (!text) return text.error();
  return parse_public_key(*text, path);
}

core::Result<SecretKey> read_secret_key(const std::string& path, const PassphraseCallback& passphrase) {
  core::Result<std::string> text = read_text(path);
  if (!text) return text.error();
  core::Result<SecretKey> key = parse_secret_key(*text, passphrase, path);
  sodium_memzero(text->data(), text->size());
  return key;
}

}  // namespace oncoshare::crypt4gh
