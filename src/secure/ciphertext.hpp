// Exponential ElGamal ciphertexts over Ristretto255 and their homomorphic operations.
// Enc(m; r) = (C1, C2) = (r·G, m·G + r·X) under public key X. Adding ciphertexts adds
// plaintexts; multiplying by an integer scales them. Decryption yields m·G, from which a
// DlogTable recovers small |m|.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "secure/group.hpp"

namespace oncoshare::secure {

struct Ciphertext {
  Point c1;  // r·G
  Point c2;  // m·G + r·X
  friend bool operator==(const Ciphertext&, const Ciphertext&) = default;
};

// Histograms and survival-curve grids travel as one contiguous vector of ciphertexts.
using CiphertextVector = std::vector<Ciphertext>;

// Enc(0) with r = 0: the neutral element for add().
[[nodiscard]] Ciphertext zero_ciphertext();

[[nodiscard]] Ciphertext add(const Ciphertext& a, const Ciphertext& b);
// Enc(0; r) = (r·G, r·X) for a fresh random r: what every encryption starts from.
[[nodiscard]] Ciphertext encrypt_zero(const Point& public_key);
// c with m·G added to its second component: Enc(m0 + m; r) from Enc(m0; r). Nothing to add
// for m = 0, the commonest cell of a survival grid.
[[nodiscard]] Ciphertext add_plaintext(const Ciphertext& c, std::int64_t m);
// Multiplies the plaintext by k (negative k allowed).
[[nodiscard]] Ciphertext scale(const Ciphertext& a, std::int64_t k);

// sum += other, element-wise. Fails (naming both sizes) when the lengths differ.
[[nodiscard]] core::Status add_in_place(CiphertextVector& sum, const CiphertextVector& other);
// Element-wise sum of several equally long vectors; fails on an empty list or length mismatch.
[[nodiscard]] core::Result<CiphertextVector> sum(std::span<const CiphertextVector> vectors);
// Every element multiplied by k.
void scale_in_place(CiphertextVector& vector, std::int64_t k);

// Encrypts under one public key (the collective key, or a researcher's key). Copyable:
// holds public data only. Thread-safe (randomness comes from randombytes).
class Encryptor {
 public:
  explicit Encryptor(const Point& public_key);

  [[nodiscard]] Ciphertext encrypt(std::int64_t m) const;
  [[nodiscard]] CiphertextVector encrypt(std::span<const std::int64_t> values) const;
  // Fresh randomness for the same plaintext (r' = r + s), so a node can re-send safely.
  [[nodiscard]] Ciphertext rerandomize(const Ciphertext& c) const;
  [[nodiscard]] const Point& public_key() const { return public_key_; }

 private:
  Point public_key_;
};

}  // namespace oncoshare::secure
