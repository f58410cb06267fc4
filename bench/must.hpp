// Benchmarks stop at the first failure, printing the program, what failed and the error.
#pragma once

#include <errno.h>  // program_invocation_short_name (glibc)

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "core/result.hpp"

namespace oncoshare::bench {

[[noreturn]] inline void fail(const char* what, const core::Error& error) {
  std::fprintf(stderr, "%s: %s%s%s\n", program_invocation_short_name, what, *what ? ": " : "",
               error.to_string().c_str());
  std::exit(1);
}

// The value of `r`, or exit(1) naming `what`.
template <class T>
T must(core::Result<T> r, const char* what = "") {
  if (!r) fail(what, r.error());
  return std::move(*r);
}

inline void must(const core::Status& s, const char* what = "") {
  if (!s) fail(what, s.error());
}

}  // namespace oncoshare::bench
