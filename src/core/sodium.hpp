// libsodium start-up. sodium_init() picks the fastest implementation of each primitive for
// this CPU (without it ChaCha20 runs the portable code, about 2.5x slower) and prepares
// randombytes for use from several threads. Every component that uses libsodium calls
// ensure_sodium() from its public entry points, so no caller has to remember it.
#pragma once

namespace oncoshare::core {

// Runs sodium_init() on the first call; later calls only check a flag. Thread-safe. Aborts
// if libsodium cannot initialise (no randomness source): no key or nonce could be trusted.
void ensure_sodium();

}  // namespace oncoshare::core
