#include "secure/proofs.hpp"

#include <sodium.h>

#include "secure/detail/batch.hpp"
#include "secure/detail/transcript.hpp"

namespace oncoshare::secure {

namespace {

// Single-element and batched statements have their own tags: a proof about the weighted sums
// must never pass as a proof about one element, nor the other way round.
constexpr std::string_view kDecryptionDomain = "oncoshare.secure.v1.partial-decryption";
constexpr std::string_view kKeySwitchDomain = "oncoshare.secure.v1.key-switch";
constexpr std::string_view kBatchDecryptionDomain = "oncoshare.secure.v2.batch-partial-decryption";
constexpr std::string_view kBatchKeySwitchDomain = "oncoshare.secure.v2.batch-key-switch";
constexpr std::string_view kCombinedDecryptionDomain = "oncoshare.secure.v3.combined-decryption";
constexpr std::string_view kDecryptionWeightsDomain = "oncoshare.secure.v2.batch-partial-decryption.weights";
constexpr std::string_view kKeySwitchWeightsDomain = "oncoshare.secure.v2.batch-key-switch.weights";

Scalar decryption_challenge(std::string_view domain, std::uint32_t node, const Point& x_pub, const Point& c1,
                            const Point& d, const Point& t1, const Point& t2) {
  detail::Transcript transcript(domain);
  transcript.append_u32(node);
  for (const Point* p : {&Point::generator(), &x_pub, &c1, &d, &t1, &t2}) transcript.append(*p);
  return transcript.challenge();
}

Scalar key_switch_challenge(std::string_view domain, std::uint32_t node, const Point& x_pub, const Point& y,
                            const Point& c1, const Point& a, const Point& b, const Point& t1, const Point& t2,
                            const Point& t3) {
  detail::Transcript transcript(domain);
  transcript.append_u32(node);
  for (const Point* p : {&Point::generator(), &x_pub, &y, &c1, &a, &b, &t1, &t2, &t3}) transcript.append(*p);
  return transcript.challenge();
}

// Constant-time comparison of challenges (they are public, but this costs nothing).
bool same(const Scalar& a, const Scalar& b) { return sodium_memcmp(a.bytes.data(), b.bytes.data(), kScalarBytes) == 0; }

DecryptionProof prove_dleq(std::string_view domain, std::uint32_t node, const Scalar& x, const Point& x_pub,
                           const Point& c1, const Point& d) {
  SecretScalar w = SecretScalar::random();
  const Scalar c = decryption_challenge(domain, node, x_pub, c1, d, base_mul(w.value()), w.value() * c1);
  return {c, w.value() + c * x};
}

bool verify_dleq(std::string_view domain, std::uint32_t node, const Point& x_pub, const Point& c1, const Point& d,
                 const DecryptionProof& proof) {
  // T1 = z·G - c·X_i, T2 = z·C1 - c·D; recompute the challenge.
  const Point t1 = base_mul(proof.response) - proof.challenge * x_pub;
  const Point t2 = proof.response * c1 - proof.challenge * d;
  return same(decryption_challenge(domain, node, x_pub, c1, d, t1, t2), proof.challenge);
}

KeySwitchProof prove_switch(std::string_view domain, std::uint32_t node, const Scalar& x, const Scalar& k,
                            const Point& x_pub, const Point& y, const Point& c1, const Point& a, const Point& b) {
  SecretScalar wx = SecretScalar::random();
  SecretScalar wk = SecretScalar::random();
  const Point t1 = base_mul(wx.value());
  const Point t2 = base_mul(wk.value());
  const Point t3 = wk.value() * y - wx.value() * c1;
  const Scalar c = key_switch_challenge(domain, node, x_pub, y, c1, a, b, t1, t2, t3);
  return {c, wx.value() + c * x, wk.value() + c * k};
}

bool verify_switch(std::string_view domain, std::uint32_t node, const Point& x_pub, const Point& y, const Point& c1,
                   const Point& a, const Point& b, const KeySwitchProof& proof) {
  const Point t1 = base_mul(proof.response_x) - proof.challenge * x_pub;
  const Point t2 = base_mul(proof.response_k) - proof.challenge * a;
  const Point t3 = (proof.response_k * y - proof.response_x * c1) - proof.challenge * b;
  return same(key_switch_challenge(domain, node, x_pub, y, c1, a, b, t1, t2, t3), proof.challenge);
}

// Weights for a decryption batch: bind the node, X_i and every C1_k and D_k.
std::vector<Scalar> decryption_weights(std::uint32_t node, const Point& x_pub, std::span<const Point> c1,
                                       std::span<const Point> d) {
  detail::Transcript transcript(kDecryptionWeightsDomain);
  transcript.append_u32(node);
  transcript.append(x_pub);
  detail::append_all(transcript, c1);
  detail::append_all(transcript, d);
  return detail::batch_weights(transcript, c1.size());
}

// Weights for a key-switch batch: bind the node, X_i, Y and every C1_k, A_k and B_k.
std::vector<Scalar> key_switch_weights(std::uint32_t node, const Point& x_pub, const Point& y,
                                       std::span<const Point> c1, std::span<const Point> a,
                                       std::span<const Point> b) {
  detail::Transcript transcript(kKeySwitchWeightsDomain);
  transcript.append_u32(node);
  transcript.append(x_pub);
  transcript.append(y);
  detail::append_all(transcript, c1);
  detail::append_all(transcript, a);
  detail::append_all(transcript, b);
  return detail::batch_weights(transcript, c1.size());
}

}  // namespace

DecryptionProof prove_decryption(std::uint32_t node, const Scalar& x, const Point& verification_share, const Point& c1,
                                 const Point& d) {
  return prove_dleq(kDecryptionDomain, node, x, verification_share, c1, d);
}

bool verify_decryption(std::uint32_t node, const Point& verification_share, const Point& c1, const Point& d,
                       const DecryptionProof& proof) {
  return verify_dleq(kDecryptionDomain, node, verification_share, c1, d, proof);
}

KeySwitchProof prove_key_switch(std::uint32_t node, const Scalar& x, const Scalar& k, const Point& verification_share,
                                const Point& target_key, const Point& c1, const Point& a, const Point& b) {
  return prove_switch(kKeySwitchDomain, node, x, k, verification_share, target_key, c1, a, b);
}

bool verify_key_switch(std::uint32_t node, const Point& verification_share, const Point& target_key, const Point& c1,
                       const Point& a, const Point& b, const KeySwitchProof& proof) {
  return verify_switch(kKeySwitchDomain, node, verification_share, target_key, c1, a, b, proof);
}

DecryptionProof prove_combined_decryption(std::uint32_t node, const Scalar& y, const Point& y_pub, const Point& c_star,
                                          const Point& e) {
  return prove_dleq(kCombinedDecryptionDomain, node, y, y_pub, c_star, e);
}

bool verify_combined_decryption(std::uint32_t node, const Point& y_pub, const Point& c_star, const Point& e,
                                const DecryptionProof& proof) {
  return verify_dleq(kCombinedDecryptionDomain, node, y_pub, c_star, e, proof);
}

DecryptionProof prove_decryption_batch(std::uint32_t node, const Scalar& x, const Point& verification_share,
                                       std::span<const Point> c1, std::span<const Point> d) {
  const std::vector<Scalar> w = decryption_weights(node, verification_share, c1, d);
  const Point c_star = detail::weighted_sum(c1, w);
  // The prover knows x: D* = x·C* costs one multiplication instead of a second weighted sum.
  return prove_dleq(kBatchDecryptionDomain, node, x, verification_share, c_star, x * c_star);
}

bool verify_decryption_batch(std::uint32_t node, const Point& verification_share, std::span<const Point> c1,
                             std::span<const Point> d, const DecryptionProof& proof) {
  if (c1.size() != d.size()) return false;
  const std::vector<Scalar> w = decryption_weights(node, verification_share, c1, d);
  return verify_dleq(kBatchDecryptionDomain, node, verification_share, detail::weighted_sum(c1, w),
                     detail::weighted_sum(d, w), proof);
}

KeySwitchProof prove_key_switch_batch(std::uint32_t node, const Scalar& x, std::span<const SecretScalar> blinding,
                                      const Point& verification_share, const Point& target_key,
                                      std::span<const Point> c1, std::span<const Point> a, std::span<const Point> b) {
  const std::vector<Scalar> w = key_switch_weights(node, verification_share, target_key, c1, a, b);
  // k* = Σ w_k·k_k is the blinding of the combined share: A* = k*·G, B* = k*·Y - x·C*.
  SecretScalar k_star;
  for (std::size_t k = 0; k < blinding.size(); ++k) k_star.value() = k_star.value() + w[k] * blinding[k].value();
  const Point c_star = detail::weighted_sum(c1, w);
  const Point a_star = base_mul(k_star.value());
  const Point b_star = k_star.value() * target_key - x * c_star;
  return prove_switch(kBatchKeySwitchDomain, node, x, k_star.value(), verification_share, target_key, c_star, a_star,
                      b_star);
}

bool verify_key_switch_batch(std::uint32_t node, const Point& verification_share, const Point& target_key,
                             std::span<const Point> c1, std::span<const Point> a, std::span<const Point> b,
                             const KeySwitchProof& proof) {
  if (c1.size() != a.size() || c1.size() != b.size()) return false;
  const std::vector<Scalar> w = key_switch_weights(node, verification_share, target_key, c1, a, b);
  return verify_switch(kBatchKeySwitchDomain, node, verification_share, target_key, detail::weighted_sum(c1, w),
                       detail::weighted_sum(a, w), detail::weighted_sum(b, w), proof);
}

}  // namespace oncoshare::secure
