// The whole `oncoshare` command line as a function, so the demo can run the same
// subcommands a user types, in-process.
#pragma once

#include <string>
#include <vector>

namespace oncoshare::cli {

// Parses `args` (without the program name) and runs the chosen subcommand. Returns the exit
// code: 0 ok, 1 failed check, 2 bad usage or input, 3 internal error.
[[nodiscard]] int run_cli(const std::vector<std::string>& args);

}  // namespace oncoshare::cli
