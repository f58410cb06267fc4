// privacy entry points initialise libsodium: every pseudonym needs a Key, and every Key does it.
#include "privacy/pseudonym.hpp"
#include "sodium_init/fresh_process.hpp"

namespace privacy = oncoshare::privacy;

namespace {

TEST(PrivacySodiumInit, KeyGenerate) {
  EXPECT_INITIALISES_SODIUM([] { (void)privacy::Key::generate(); });
}

TEST(PrivacySodiumInit, KeyConstructed) {
  EXPECT_INITIALISES_SODIUM([] { const privacy::Key key; });
}

}  // namespace
