// Checks that a component's public entry point initialises libsodium itself. Each check runs
// in a fresh process: a "threadsafe" death test re-executes this binary from the start and
// runs only that one test, so nothing else has called sodium_init() there. sodium_init()
// returns 0 when it initialises and 1 when libsodium already was, so the child exits with
// sodium_init()'s answer after calling the entry point.
#pragma once

#include <gtest/gtest.h>
#include <sodium.h>

#include <cstdlib>
#include <functional>

namespace oncoshare::testing {

// Exit codes of the child: what sodium_init() returned once `entry_point` was done.
inline constexpr int kAlreadyInitialised = 1;
inline constexpr int kInitialisedByTheCheck = 0;

[[noreturn]] inline void exit_with_sodium_state(const std::function<void()>& entry_point) {
  entry_point();
  std::_Exit(sodium_init());
}

}  // namespace oncoshare::testing

// Passes when the callable (a lambda; variadic for its commas) left libsodium initialised in a
// fresh process.
#define EXPECT_INITIALISES_SODIUM(...)                                                         \
  do {                                                                                         \
    GTEST_FLAG_SET(death_test_style, "threadsafe");                                            \
    EXPECT_EXIT(::oncoshare::testing::exit_with_sodium_state(__VA_ARGS__),                     \
                ::testing::ExitedWithCode(::oncoshare::testing::kAlreadyInitialised), "")      \
        << "the entry point ran without libsodium initialised";                                \
  } while (false)
