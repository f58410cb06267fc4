// Threshold key switching: turn a ciphertext under the collective key X into one under a
// researcher's key Y without anyone seeing the plaintext.
//
// For (C1, C2) = (r·G, m·G + r·X), node i picks fresh k_i and publishes
//   A_i = k_i·G,  B_i = k_i·Y - x_i·C1,
// with ONE batched proof for the whole vector that every element uses its key share x_i
// (X_i = x_i·G); see proofs.hpp and docs/secure.md. For any t valid nodes S with
// Lagrange weights λ_i, the combiner forms
//   C1' = Σ λ_i·A_i = k·G,  C2' = C2 + Σ λ_i·B_i = m·G + r·X + k·Y - x·C1 = m·G + k·Y
// (k = Σ λ_i k_i, and x·C1 = r·X). The combiner only ever sees x_i·C1 masked by k_i·Y, so it
// learns nothing about m; the researcher computes C2' - y·C1' = m·G and takes the dlog.
#pragma once

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

// One node's key-switch contribution for a ciphertext vector and a target key.
struct KeySwitchShare {
  std::uint32_t node = 0;
  Point target_key;         // Y, bound into the proof
  std::vector<Point> a;     // k_i·G
  std::vector<Point> b;     // k_i·Y - x_i·C1
  KeySwitchProof proof;     // one batched proof for every (a, b)
  friend bool operator==(const KeySwitchShare&, const KeySwitchShare&) = default;
};

// Produces key-switch shares with this node's key share (kept by reference). Thread-safe.
class KeySwitcher {
 public:
  explicit KeySwitcher(const KeyShare& share);
  [[nodiscard]] KeySwitchShare switch_key(const CiphertextVector& ciphertexts, const Point& target_key) const;
  // The same from the first components alone (all a key-switch share depends on).
  [[nodiscard]] KeySwitchShare switch_key(std::span<const Point> c1, const Point& target_key) const;

 private:
  const KeyShare& share_;
  Point verification_share_;
};

// Checks one key-switch share: node index, target key, lengths, the batched proof. The
// error names the node, not the wrong element (a batched proof cannot).
[[nodiscard]] core::Status verify(const CollectiveKey& key, const CiphertextVector& ciphertexts,
                                  const Point& target_key, const KeySwitchShare& share);

struct KeySwitchResult {
  CiphertextVector ciphertexts;  // under target_key
  std::vector<std::uint32_t> used;
  std::vector<Rejection> rejected;
};

// Verifies shares in order until t are valid (later ones are not checked) and combines those
// t. Fails (check_failed, naming rejected nodes) with fewer than t valid shares. Learns
// nothing about the plaintexts.
[[nodiscard]] core::Result<KeySwitchResult> combine_key_switch(const CollectiveKey& key,
                                                               const CiphertextVector& ciphertexts,
                                                               const Point& target_key,
                                                               std::span<const KeySwitchShare> shares);

// A researcher's own ElGamal key pair (y, Y = y·G). Move-only; y is wiped on destruction.
class ResearcherKey {
 public:
  [[nodiscard]] static ResearcherKey generate();
  // From stored secret bytes (canonical scalar, not zero); bad_input naming "secret_key".
  [[nodiscard]] static core::Result<ResearcherKey> from_bytes(std::span<const std::uint8_t> secret);

  [[nodiscard]] const Point& public_key() const { return public_key_; }
  [[nodiscard]] const SecretScalar& secret() const { return secret_; }
  // m_k for every ciphertext under public_key(): dlog of C2 - y·C1.
  [[nodiscard]] core::Result<std::vector<std::int64_t>> decrypt(const CiphertextVector& ciphertexts,
                                                                const DlogTable& table) const;

 private:
  ResearcherKey() = default;
  SecretScalar secret_;
  Point public_key_;
};

}  // namespace oncoshare::secure
