#include "secure/proofs.hpp"

#include <sodium.h>

#include "secure/detail/transcript.hpp"

namespace oncoshare::secure {

namespace {

constexpr std::string_view kDecryptionDomain = "oncoshare.secure.v1.partial-decryption";
constexpr std::string_view kKeySwitchDomain = "oncoshare.secure.v1.key-switch";

Scalar decryption_challenge(std::uint32_t node, const Point& x_pub, const Point& c1, const Point& d, const Point& t1,
                            const Point& t2) {
  detail::Transcript transcript(kDecryptionDomain);
  transcript.append_u32(node);
  for (const Point* p : {&Point::generator(), &x_pub, &c1, &d, &t1, &t2}) transcript.append(*p);
  return transcript.challenge();
}

Scalar key_switch_challenge(std::uint32_t node, const Point& x_pub, const Point& y, const Point& c1, const Point& a,
                            const Point& b, const Point& t1, const Point& t2, const Point& t3) {
  detail::Transcript transcript(kKeySwitchDomain);
  transcript.append_u32(node);
  for (const Point* p : {&Point::generator(), &x_pub, &y, &c1, &a, &b, &t1, &t2, &t3}) transcript.append(*p);
  return transcript.challenge();
}

// Constant-time comparison of challenges (they are public, but this costs nothing).
bool same(const Scalar& a, const Scalar& b) { return sodium_memcmp(a.bytes.data(), b.bytes.data(), kScalarBytes) == 0; }

}  // namespace

DecryptionProof prove_decryption(std::uint32_t node, const Scalar& x, const Point& verification_share, const Point& c1,
                                 const Point& d) {
  SecretScalar w = SecretScalar::random();
  const Scalar c = decryption_challenge(node, verification_share, c1, d, base_mul(w.value()), w.value() * c1);
  return {c, w.value() + c * x};
}

bool verify_decryption(std::uint32_t node, const Point& verification_share, const Point& c1, const Point& d,
                       const DecryptionProof& proof) {
  // T1 = z·G - c·X_i, T2 = z·C1 - c·D; recompute the challenge.
  const Point t1 = base_mul(proof.response) - proof.challenge * verification_share;
  const Point t2 = proof.response * c1 - proof.challenge * d;
  return same(decryption_challenge(node, verification_share, c1, d, t1, t2), proof.challenge);
}

KeySwitchProof prove_key_switch(std::uint32_t node, const Scalar& x, const Scalar& k, const Point& verification_share,
                                const Point& target_key, const Point& c1, const Point& a, const Point& b) {
  SecretScalar wx = SecretScalar::random();
  SecretScalar wk = SecretScalar::random();
  const Point t1 = base_mul(wx.value());
  const Point t2 = base_mul(wk.value());
  const Point t3 = wk.value() * target_key - wx.value() * c1;
  const Scalar c = key_switch_challenge(node, verification_share, target_key, c1, a, b, t1, t2, t3);
  return {c, wx.value() + c * x, wk.value() + c * k};
}

bool verify_key_switch(std::uint32_t node, const Point& verification_share, const Point& target_key, const Point& c1,
                       const Point& a, const Point& b, const KeySwitchProof& proof) {
  const Point t1 = base_mul(proof.response_x) - proof.challenge * verification_share;
  const Point t2 = base_mul(proof.response_k) - proof.challenge * a;
  const Point t3 = (proof.response_k * target_key - proof.response_x * c1) - proof.challenge * b;
  return same(key_switch_challenge(node, verification_share, target_key, c1, a, b, t1, t2, t3), proof.challenge);
}

}  // namespace oncoshare::secure
