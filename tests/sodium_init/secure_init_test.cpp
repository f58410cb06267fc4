// secure entry points initialise libsodium.
#include "secure/ciphertext.hpp"
#include "secure/group.hpp"
#include "sodium_init/fresh_process.hpp"

namespace secure = oncoshare::secure;

namespace {

TEST(SecureSodiumInit, ScalarRandom) {
  EXPECT_INITIALISES_SODIUM([] { (void)secure::Scalar::random(); });
}

TEST(SecureSodiumInit, Encryptor) {
  EXPECT_INITIALISES_SODIUM([] { const secure::Encryptor encryptor{secure::Point{}}; });
}

}  // namespace
