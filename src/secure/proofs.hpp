// Non-interactive zero-knowledge proofs (Fiat-Shamir over BLAKE2b-512, domain-separated)
// that a node applied its key share correctly.
//
// DecryptionProof (Chaum-Pedersen): log_G X_i == log_C1 D_i, i.e. D_i = x_i·C1 for the
// node's public verification share X_i = x_i·G.
//
// KeySwitchProof: knowledge of (x_i, k) with X_i = x_i·G, A = k·G and B = k·Y - x_i·C1.
// Both bind the node index, so a valid proof cannot be re-attributed to another node.
//
// The *_batch functions prove a whole vector with ONE proof: 128-bit weights w_k are hashed
// from the node, its verification share and every element of the statement, and the single
// proof is for the weighted sums (C* = Σ w_k·C1_k, D* = Σ w_k·D_k, ...). A vector with any
// wrong element passes with probability about 2^-128; a failure names no element.
#pragma once

#include <cstdint>
#include <span>

#include "secure/group.hpp"

namespace oncoshare::secure {

struct DecryptionProof {
  Scalar challenge;
  Scalar response;
  friend bool operator==(const DecryptionProof&, const DecryptionProof&) = default;
};

struct KeySwitchProof {
  Scalar challenge;
  Scalar response_x;  // for the key share x_i
  Scalar response_k;  // for the blinding k
  friend bool operator==(const KeySwitchProof&, const KeySwitchProof&) = default;
};

// Proves D = x·C1 given X = x·G. Precondition: the caller computed X and D from x.
[[nodiscard]] DecryptionProof prove_decryption(std::uint32_t node, const Scalar& x, const Point& verification_share,
                                               const Point& c1, const Point& d);
[[nodiscard]] bool verify_decryption(std::uint32_t node, const Point& verification_share, const Point& c1,
                                     const Point& d, const DecryptionProof& proof);

[[nodiscard]] KeySwitchProof prove_key_switch(std::uint32_t node, const Scalar& x, const Scalar& k,
                                              const Point& verification_share, const Point& target_key,
                                              const Point& c1, const Point& a, const Point& b);
[[nodiscard]] bool verify_key_switch(std::uint32_t node, const Point& verification_share, const Point& target_key,
                                     const Point& c1, const Point& a, const Point& b, const KeySwitchProof& proof);

// One proof that d[k] = x·c1[k] for every k. Preconditions: equal lengths, d computed from x.
[[nodiscard]] DecryptionProof prove_decryption_batch(std::uint32_t node, const Scalar& x,
                                                     const Point& verification_share, std::span<const Point> c1,
                                                     std::span<const Point> d);
// False on a wrong element anywhere (or unequal lengths); weighted sums run on all cores.
[[nodiscard]] bool verify_decryption_batch(std::uint32_t node, const Point& verification_share,
                                           std::span<const Point> c1, std::span<const Point> d,
                                           const DecryptionProof& proof);

// The second round of a joint decryption (joint_decryption.hpp): E = y·C* given Y = y·G,
// where y = λ_i·x_i and C* is the challenge-weighted sum of the aggregate's first components.
// Its own domain tag, so it never passes as any other decryption proof.
[[nodiscard]] DecryptionProof prove_combined_decryption(std::uint32_t node, const Scalar& y, const Point& y_pub,
                                                        const Point& c_star, const Point& e);
[[nodiscard]] bool verify_combined_decryption(std::uint32_t node, const Point& y_pub, const Point& c_star,
                                              const Point& e, const DecryptionProof& proof);

// One proof that a[k] = k_k·G and b[k] = k_k·Y - x·c1[k] for every k, with the same x
// (X_i = x·G) throughout. Preconditions: equal lengths, a and b computed from x and blinding.
[[nodiscard]] KeySwitchProof prove_key_switch_batch(std::uint32_t node, const Scalar& x,
                                                    std::span<const SecretScalar> blinding,
                                                    const Point& verification_share, const Point& target_key,
                                                    std::span<const Point> c1, std::span<const Point> a,
                                                    std::span<const Point> b);
[[nodiscard]] bool verify_key_switch_batch(std::uint32_t node, const Point& verification_share,
                                           const Point& target_key, std::span<const Point> c1,
                                           std::span<const Point> a, std::span<const Point> b,
                                           const KeySwitchProof& proof);

}  // namespace oncoshare::secure
