// crypt4gh entry points initialise libsodium (without it ChaCha20 runs the portable code).
#include "crypt4gh/crypt4gh.hpp"
#include "sodium_init/fresh_process.hpp"

namespace c4gh = oncoshare::crypt4gh;

namespace {

TEST(Crypt4ghSodiumInit, SecretKeyGenerate) {
  EXPECT_INITIALISES_SODIUM([] { (void)c4gh::SecretKey::generate(); });
}

TEST(Crypt4ghSodiumInit, SecretKeyFromBytes) {
  EXPECT_INITIALISES_SODIUM([] {
    const std::array<std::uint8_t, c4gh::kKeyBytes> bytes{};
    (void)c4gh::SecretKey::from_bytes(bytes);
  });
}

TEST(Crypt4ghSodiumInit, DataKeyGenerate) {
  EXPECT_INITIALISES_SODIUM([] { (void)c4gh::DataKey::generate(c4gh::DataMethod::chacha20_ietf_poly1305); });
}

TEST(Crypt4ghSodiumInit, SegmentEncryptorFromAnyDataKey) {
  EXPECT_INITIALISES_SODIUM([] { const c4gh::SegmentEncryptor encryptor{c4gh::DataKey{}}; });
}

TEST(Crypt4ghSodiumInit, ParseSecretKey) {
  EXPECT_INITIALISES_SODIUM([] { (void)c4gh::parse_secret_key("not a key", [] { return std::string(); }, "k"); });
}

TEST(Crypt4ghSodiumInit, ParsePublicKey) {
  EXPECT_INITIALISES_SODIUM([] { (void)c4gh::parse_public_key("not a key", "k"); });
}

}  // namespace
