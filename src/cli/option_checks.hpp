// Validators every subcommand uses for numbers and URIs: the allowed range shows in --help
// ("UINT:in [1, 100]") and in the error ("--k: -3 is outside the allowed range [1, 100]"),
// which exits 2 before any work starts. The checks themselves are core/bounds.hpp.
#pragma once

#include <CLI/CLI.hpp>

#include "core/bounds.hpp"

namespace oncoshare::cli {

// Accepts a finite number within `bounds` (whole numbers only when bounds.whole).
[[nodiscard]] CLI::Validator in_range(const core::Bounds& bounds);

// Random seeds: any unsigned 64-bit number, and never a negative one wrapped into it.
inline constexpr core::Bounds kSeeds = core::whole_numbers(0, 18446744073709551615.0L);

// Accepts an absolute URI (core::absolute_uri_problem).
[[nodiscard]] CLI::Validator absolute_uri();

}  // namespace oncoshare::cli
