// Where passphrases come from: the C4GH_PASSPHRASE environment variable (as the reference,
// for scripts and tests) or the controlling terminal with echo off. Never the command line.
#pragma once

#include <string>

#include "core/result.hpp"

namespace oncoshare::crypt4gh {

inline constexpr const char* kPassphraseEnv = "C4GH_PASSPHRASE";

// C4GH_PASSPHRASE if set, else a no-echo prompt on /dev/tty (`prompt` is shown there).
// With `confirm`, the terminal asks twice and the answers must match. Errors if there is
// no terminal to ask.
[[nodiscard]] core::Result<std::string> ask_passphrase(const std::string& prompt, bool confirm = false);

}  // namespace oncoshare::crypt4gh
