// The check itself: in its fresh process libsodium starts uninitialised, so an entry point
// that does not initialise it is caught.
#include "sodium_init/fresh_process.hpp"

namespace {

TEST(FreshProcess, StartsWithLibsodiumUninitialised) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(oncoshare::testing::exit_with_sodium_state([] {}),
              ::testing::ExitedWithCode(oncoshare::testing::kInitialisedByTheCheck), "");
}

TEST(FreshProcess, SeesAnInitialisationDoneBeforeIt) {
  EXPECT_INITIALISES_SODIUM([] { ASSERT_EQ(sodium_init(), 0); });
}

}  // namespace
