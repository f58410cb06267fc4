#include "core/sodium.hpp"

#include <sodium.h>

#include <cstdlib>

namespace oncoshare::core {

void ensure_sodium() {
  // A function-local static: initialised once, thread-safe (C++11 magic statics).
  static const bool ready = sodium_init() >= 0;
  if (!ready) std::abort();
}

}  // namespace oncoshare::core
