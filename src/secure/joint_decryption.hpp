// Two-round threshold decryption of a long vector, checked once at the end instead of once
// per node. `study run` opens every encrypted aggregate this way; the single-round
// PartialDecryptor (threshold_decryption.hpp) gives each node's shares their own proof,
// which anyone can check later, at three times the combiner's cost.
//
// Round 1: the combiner names the t decrypting nodes (the set S). Node i returns
//   D_ik = λ_i·x_i·C1_k for every element, λ_i being its Lagrange coefficient at 0 for S,
//   so Σ_i D_ik = x·C1_k takes additions only.
// Round 2: once every share is in, the combiner draws a random challenge. Each node derives
//   the same 128-bit weights w_k from it and the aggregate, and proves with Chaum-Pedersen
//   that E_i = λ_i·x_i·C* for C* = Σ w_k·C1_k.
// Check: Σ_k w_k·(Σ_i D_ik) == Σ_i E_i. Shares fixed before the challenge existed pass with a
//   wrong sum with probability about 2^-128. When the check fails, each node's shares are
//   compared with its own E_i (Σ_k w_k·D_ik == E_i), which names the wrong ones.
// A node whose shares were computed for another set (a node of S failed and was replaced)
// is rescaled by λ_i(S')/λ_i(S) by the combiner; its proof is checked against the set it used.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "secure/ciphertext.hpp"
#include "secure/dlog_table.hpp"
#include "secure/key_share.hpp"
#include "secure/proofs.hpp"
#include "secure/threshold_decryption.hpp"

namespace oncoshare::secure {

// Round 1 output: shares[k] = λ_i(decryptors)·x_i·C1[k].
struct DecryptionShares {
  std::uint32_t node = 0;
  std::vector<std::uint32_t> decryptors;  // ascending key-holder indices, including `node`
  std::vector<Point> shares;
  friend bool operator==(const DecryptionShares&, const DecryptionShares&) = default;
};

// The combiner's random challenge for round 2.
struct OpeningChallenge {
  std::array<std::uint8_t, 32> bytes{};
  [[nodiscard]] static OpeningChallenge random();
  friend bool operator==(const OpeningChallenge&, const OpeningChallenge&) = default;
};

// Round 2 output: combined = λ_i·x_i·C*, with its proof.
struct CombinedShare {
  std::uint32_t node = 0;
  Point combined;
  DecryptionProof proof;
  friend bool operator==(const CombinedShare&, const CombinedShare&) = default;
};

// A node's side. Keeps a reference: the KeyShare must outlive it. Thread-safe.
class JointDecryptor {
 public:
  explicit JointDecryptor(const KeyShare& share) : share_(share) {}
  // Fails when this node is not among `decryptors` or the set is not ascending and at least
  // the key's threshold.
  [[nodiscard]] core::Result<DecryptionShares> decrypt(std::span<const Point> c1,
                                                       std::span<const std::uint32_t> decryptors) const;
  // Must be called with the c1 and decryptors of this node's round 1.
  [[nodiscard]] core::Result<CombinedShare> prove(std::span<const Point> c1, std::span<const std::uint32_t> decryptors,
                                                  const OpeningChallenge& challenge) const;

 private:
  const KeyShare& share_;
};

struct JointOpening {
  std::vector<std::int64_t> values;    // empty when any share was rejected
  std::vector<std::uint32_t> used;     // ascending
  std::vector<Rejection> rejected;      // drop these nodes and ask others
};

// The combiner's side: checks the proofs and the sum, then solves the plaintexts. `shares`
// and `combined` hold one entry per node, in any order. Fails (bad_input) when the
// messages do not fit together: fewer than t nodes, unequal lengths, a node twice, a proof
// without shares, or a plaintext outside the table's range.
[[nodiscard]] core::Result<JointOpening> open_jointly(const CollectiveKey& key, const CiphertextVector& ciphertexts,
                                                      std::span<const DecryptionShares> shares,
                                                      std::span<const CombinedShare> combined,
                                                      const OpeningChallenge& challenge, const DlogTable& table);

}  // namespace oncoshare::secure
