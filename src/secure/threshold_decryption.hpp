// t-of-N threshold decryption. Each node publishes D_i = x_i·C1 for every ciphertext with ONE
// batched Chaum-Pedersen proof for the whole vector against its verification share X_i
// (proofs.hpp); the combiner checks the proofs,
// sets aside (and names) nodes whose partials fail, and interpolates any t valid ones:
// m·G = C2 - Σ λ_i·D_i. No single node, and not the combiner, holds enough to decrypt.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "secure/ciphertext.hpp"
#include "secure/dlog_table.hpp"
#include "secure/key_share.hpp"
#include "secure/proofs.hpp"

namespace oncoshare::secure {

// One node's partial decryption of a ciphertext vector: shares[k] = x_i·C1[k], and one
// batched proof covering every share.
struct PartialDecryption {
  std::uint32_t node = 0;
  std::vector<Point> shares;
  DecryptionProof proof;
  friend bool operator==(const PartialDecryption&, const PartialDecryption&) = default;
};

// Produces partial decryptions with this node's key share. Keeps a reference: the KeyShare
// must outlive the decryptor. Thread-safe.
class PartialDecryptor {
 public:
  explicit PartialDecryptor(const KeyShare& share);
  [[nodiscard]] PartialDecryption decrypt(const CiphertextVector& ciphertexts) const;
  // The same from the first components alone (all a partial decryption depends on).
  [[nodiscard]] PartialDecryption decrypt(std::span<const Point> c1) const;

 private:
  const KeyShare& share_;
  Point verification_share_;
};

// A node whose contribution the combiner set aside, and why.
struct Rejection {
  std::uint32_t node = 0;
  std::string reason;
};

struct ThresholdDecryption {
  std::vector<std::int64_t> values;
  std::vector<std::uint32_t> used;  // the t nodes interpolated, in input order
  std::vector<Rejection> rejected;
};

// The first components C1 of every ciphertext.
[[nodiscard]] std::vector<Point> first_components(const CiphertextVector& ciphertexts);

// Checks one partial against the collective key: node index, length, the batched proof
// (weighted sums on all cores). The error names the node; a batched proof cannot name the
// wrong element.
[[nodiscard]] core::Status verify(const CollectiveKey& key, const CiphertextVector& ciphertexts,
                                  const PartialDecryption& partial);

// Verifies partials in order (each one's proof checked on all cores) until t are valid and
// decrypts with those t; partials after them are not checked. `rejected` names every checked
// partial that failed. Fails (naming every rejected node) when fewer than t are valid, or
// when a value is outside the table's range (naming the first such element).
[[nodiscard]] core::Result<ThresholdDecryption> combine(const CollectiveKey& key, const CiphertextVector& ciphertexts,
                                                        std::span<const PartialDecryption> partials,
                                                        const DlogTable& table);

// The group elements m_k·G from exactly the given partials, without checks: for tests and
// for callers that verified already. Fails only on bad index sets.
[[nodiscard]] core::Result<std::vector<Point>> interpolate(const CiphertextVector& ciphertexts,
                                                           std::span<const PartialDecryption> partials);

}  // namespace oncoshare::secure
