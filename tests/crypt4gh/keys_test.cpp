// Key files: the reference's own test vectors, every KDF, OpenSSH keys, and bad input.
#include <sodium.h>

#include "crypt4gh/detail/armor.hpp"
#include "crypt4gh/detail/bcrypt_pbkdf.hpp"
#include "crypt4gh/test_support.hpp"

namespace oncoshare::crypt4gh {
namespace {

using test::data;

TEST(Keys, AliceSecretKeyDecodesToTheDocumentedFields) {
  const std::string text = test::slurp(data("alice.sec"));
  std::string label;
  const auto body = detail::dearmor(text, &label);
  ASSERT_TRUE(body);
  EXPECT_EQ(label, "ENCRYPTED PRIVATE KEY");
  ASSERT_EQ(body->size(), 118u);
  EXPECT_EQ(body->substr(0, 7), "c4gh-v1");
  EXPECT_EQ(body->substr(7, 2 + 6), std::string("\x00\x06" "bcrypt", 8));
  // rounds (4 bytes BE) = 100, then the 16-byte salt.
  EXPECT_EQ(body->substr(15, 2 + 4), std::string("\x00\x14\x00\x00\x00\x64", 6));
  std::array<char, 33> hex{};
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(body->data() + 21), 16);
  EXPECT_STREQ(hex.data(), "f0a9fdd16255cc905ebf1378f7cd1a5b");
  EXPECT_EQ(body->substr(37, 2 + 17), std::string("\x00\x11" "chacha20_poly1305", 19));
  EXPECT_EQ(body->substr(56, 2), std::string("\x00\x3c", 2));  // 60-byte blob, then no comment
}

TEST(Keys, AliceAndBobSecretKeysMatchTheirPublicKeys) {
  const SecretKey alice = test::fixture_secret("alice.sec");
  EXPECT_EQ(detail::base64_encode(std::string_view(reinterpret_cast<const char*>(alice.public_key().data()), 32)),
            "oyERnWAhzV4MAh9XIk0xD4C+nNp2tpLUiWtQoVS/xB4=");
  EXPECT_EQ(alice.public_key(), test::fixture_public("alice.pub"));
  EXPECT_EQ(test::fixture_secret("bob.sec").public_key(), test::fixture_public("bob.pub"));
}

TEST(Keys, EveryFixtureKeyMatchesItsPublicKey) {
  for (const std::string name : {"ref-scrypt", "ref-bcrypt", "ref-none", "osh-scrypt", "osh-bcrypt",
                                 "osh-pbkdf2_hmac_sha256", "osh-none"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(test::fixture_secret(name + ".sec").public_key(), test::fixture_public(name + ".pub"));
  }
  EXPECT_EQ(test::fixture_secret("ssh-plain").public_key(), test::fixture_public("ssh-plain.pub.txt"));
  EXPECT_EQ(test::fixture_secret("ssh-locked").public_key(), test::fixture_public("ssh-locked.pub.txt"));
}

TEST(Keys, FormatThenParseRoundTripsForEveryKdf) {
  const SecretKey key = SecretKey::generate();
  for (Kdf kdf : {Kdf::scrypt, Kdf::bcrypt, Kdf::pbkdf2_hmac_sha256, Kdf::none}) {
    SCOPED_TRACE(std::string(kdf_name(kdf)));
    core::Result<std::string> text = format_secret_key(key, kdf, "secret", "a comment");
    ASSERT_TRUE(text);
    EXPECT_TRUE(text->starts_with("-----BEGIN CRYPT4GH PRIVATE KEY-----\n"));
    EXPECT_TRUE(text->ends_with("\n-----END CRYPT4GH PRIVATE KEY-----\n"));
    const auto body = detail::dearmor(*text);
    ASSERT_TRUE(body);
    EXPECT_TRUE(body->ends_with(std::string("\x00\x09" "a comment", 11)));
    core::Result<SecretKey> back = parse_secret_key(*text, test::fixed("secret"), "k.sec");
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(back->public_key(), key.public_key());
  }
  EXPECT_EQ(format_public_key(key.public_key()).find("-----BEGIN CRYPT4GH PUBLIC KEY-----\n"), 0u);
}

TEST(Keys, WrongPassphraseIsACleanError) {
  core::Result<SecretKey> key = read_secret_key(data("alice.sec"), test::fixed("bob"));
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().to_string(), data("alice.sec") + ": wrong passphrase (or the private key was modified)");
  core::Result<SecretKey> ssh = read_secret_key(data("ssh-locked"), test::fixed("nope"));
  ASSERT_FALSE(ssh);
  EXPECT_EQ(ssh.error().message, "wrong passphrase (OpenSSH check integers differ)");
}

TEST(Keys, CorruptArmourAndUnsupportedKdfAreRejected) {
  core::Result<SecretKey> a = parse_secret_key("-----BEGIN CRYPT4GH PRIVATE KEY-----\n%%%\n-----END X-----\n",
                                               test::fixed(""), "k.sec");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().to_string(), "k.sec: not a PEM-armoured private key (expected '-----BEGIN ...-----', "
                                   "base64, '-----END ...-----')");
  std::string body = "c4gh-v1";
  body += std::string("\x00\x06" "argon2", 8);
  core::Result<SecretKey> b = parse_secret_key(detail::armor("CRYPT4GH PRIVATE KEY", body), test::fixed(""), "k.sec");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().to_string(), "k.sec: c4gh-v1 private key: unsupported KDF 'argon2'");
  core::Result<SecretKey> c = parse_secret_key(detail::armor("X", "hello world"), test::fixed(""), "k.sec");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "unknown private key format (neither c4gh-v1 nor openssh-key-v1)");
  core::Result<PublicKey> d = parse_public_key("ssh-rsa AAAA", "k.pub");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message, "unsupported SSH public key type 'ssh-rsa' (only ssh-ed25519)");
  core::Result<PublicKey> e = parse_public_key(detail::armor("CRYPT4GH PUBLIC KEY", "short"), "k.pub");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "public key is 5 bytes (expected 32)");
}

TEST(Keys, EncryptedKeyNeedsAPassphrase) {
  core::Result<std::string> text = format_secret_key(SecretKey::generate(), Kdf::scrypt, "", std::nullopt);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().message, "an encrypted private key needs a non-empty passphrase");
}

// OpenBSD regress/lib/libutil/bcrypt_pbkdf vector: pass "password", salt "salt", 4 rounds.
TEST(BcryptPbkdf, MatchesTheOpenBsdVector) {
  std::array<std::uint8_t, 32> out{};
  ASSERT_TRUE(detail::bcrypt_pbkdf("password", "salt", 4, out));
  std::array<char, 65> hex{};
  sodium_bin2hex(hex.data(), hex.size(), out.data(), out.size());
  EXPECT_STREQ(hex.data(), "5bbf0cc293587f1c3635555c27796598d47e579071bf427e9d8fbe842aba34d9");
  EXPECT_FALSE(detail::bcrypt_pbkdf("", "salt", 4, out));
  EXPECT_FALSE(detail::bcrypt_pbkdf("password", "salt", 0, out));
}

}  // namespace
}  // namespace oncoshare::crypt4gh
