// Batched proofs: one Chaum-Pedersen (or key-switch) proof per vector. A single wrong share
// at any position fails the node's proof; the proof is bound to the node, its verification
// share, the ciphertexts and every share; weights are 128-bit and deterministic.
#include "secure/detail/batch.hpp"
#include "test_support.hpp"

namespace oncoshare::secure {
namespace {

using test::federation;

constexpr std::size_t kLength = 40;

CiphertextVector vector_of(std::size_t n) {
  std::vector<std::int64_t> values(n);
  for (std::size_t k = 0; k < n; ++k) values[k] = static_cast<std::int64_t>(k) - 7;
  return Encryptor(federation().key.public_key).encrypt(values);
}

const Point& share_of(std::uint32_t node) { return federation().key.verification_shares[node - 1]; }

TEST(BatchProof, OneWrongShareAtAnyPositionFailsTheNode) {
  const CiphertextVector c = vector_of(kLength);
  const PartialDecryption good = PartialDecryptor(federation().shares[1]).decrypt(c);
  ASSERT_TRUE(verify(federation().key, c, good));
  for (std::size_t k = 0; k < kLength; ++k) {
    PartialDecryption bad = good;
    bad.shares[k] = bad.shares[k] + Point::generator();
    auto check = verify(federation().key, c, bad);
    ASSERT_FALSE(check) << "position " << k;
    EXPECT_EQ(check.error().to_string(),
              "field 'node 2': decryption proof does not verify (one proof for all 40 shares: the wrong one is not "
              "named)");
  }
  // Two shares swapped: each is a genuine x_i·C1, but at the wrong position.
  PartialDecryption swapped = good;
  std::swap(swapped.shares[3], swapped.shares[30]);
  EXPECT_FALSE(verify(federation().key, c, swapped));
  // Errors that cancel in a plain sum (+G at one position, -G at another) do not cancel in
  // the weighted sum.
  PartialDecryption cancelling = good;
  cancelling.shares[0] = cancelling.shares[0] + Point::generator();
  cancelling.shares[1] = cancelling.shares[1] - Point::generator();
  EXPECT_FALSE(verify(federation().key, c, cancelling));
}

TEST(BatchProof, ACheatingProverCannotProveWrongShares) {
  // Node 1 computes D_k with its real key except one element, then proves honestly for the
  // weighted sums it would get from correct shares (D* = x·C*): the verifier's D* differs.
  const CiphertextVector c = vector_of(kLength);
  const Scalar& x = federation().shares[0].secret.value();
  const std::vector<Point> c1 = first_components(c);
  std::vector<Point> d(kLength);
  for (std::size_t k = 0; k < kLength; ++k) d[k] = x * c1[k];
  EXPECT_TRUE(verify_decryption_batch(1, share_of(1), c1, d, prove_decryption_batch(1, x, share_of(1), c1, d)));
  d[kLength - 1] = Scalar::from_int(2) * d[kLength - 1];
  EXPECT_FALSE(verify_decryption_batch(1, share_of(1), c1, d, prove_decryption_batch(1, x, share_of(1), c1, d)));
  // Another key x' with its own X' = x'·G proves consistently, but not against X_1.
  const Scalar other = Scalar::random();
  std::vector<Point> d_other(kLength);
  for (std::size_t k = 0; k < kLength; ++k) d_other[k] = other * c1[k];
  const DecryptionProof forged = prove_decryption_batch(1, other, base_mul(other), c1, d_other);
  EXPECT_TRUE(verify_decryption_batch(1, base_mul(other), c1, d_other, forged));
  EXPECT_FALSE(verify_decryption_batch(1, share_of(1), c1, d_other, forged));
}

TEST(BatchProof, TheProofIsBoundToNodeCiphertextsAndLength) {
  const CiphertextVector c = vector_of(kLength);
  const PartialDecryption p = PartialDecryptor(federation().shares[2]).decrypt(c);
  const std::vector<Point> c1 = first_components(c);
  EXPECT_TRUE(verify_decryption_batch(3, share_of(3), c1, p.shares, p.proof));
  EXPECT_FALSE(verify_decryption_batch(4, share_of(3), c1, p.shares, p.proof));  // re-labelled
  EXPECT_FALSE(verify_decryption_batch(3, share_of(4), c1, p.shares, p.proof));
  std::vector<Point> moved = c1;
  moved[17] = moved[17] + Point::generator();
  EXPECT_FALSE(verify_decryption_batch(3, share_of(3), moved, p.shares, p.proof));
  // A prefix with the same proof: the count and every element are in the weights.
  const std::span<const Point> c1_prefix(c1.data(), kLength - 1);
  const std::span<const Point> d_prefix(p.shares.data(), kLength - 1);
  EXPECT_FALSE(verify_decryption_batch(3, share_of(3), c1_prefix, d_prefix, p.proof));
  EXPECT_FALSE(verify_decryption_batch(3, share_of(3), c1, d_prefix, p.proof));
  // A per-element proof of the weighted sums is not accepted (separate domains), nor the
  // batched proof of a one-element vector as a single proof.
  const PartialDecryption single = PartialDecryptor(federation().shares[2]).decrypt(CiphertextVector{c[0]});
  EXPECT_FALSE(verify_decryption(3, share_of(3), c[0].c1, single.shares[0], single.proof));
  // Empty vectors: nothing to prove, and the proof still verifies.
  const PartialDecryption empty = PartialDecryptor(federation().shares[2]).decrypt(CiphertextVector{});
  EXPECT_TRUE(verify(federation().key, CiphertextVector{}, empty));
}

TEST(BatchProof, KeySwitchNamesTheNodeForAWrongElementAnywhere) {
  const CiphertextVector c = vector_of(kLength);
  const ResearcherKey researcher = ResearcherKey::generate();
  const KeySwitchShare good = KeySwitcher(federation().shares[4]).switch_key(c, researcher.public_key());
  ASSERT_TRUE(verify(federation().key, c, researcher.public_key(), good));
  for (std::size_t k = 0; k < kLength; ++k) {
    for (bool in_a : {true, false}) {
      KeySwitchShare bad = good;
      Point& p = in_a ? bad.a[k] : bad.b[k];
      p = p + Point::generator();
      auto check = verify(federation().key, c, researcher.public_key(), bad);
      ASSERT_FALSE(check) << (in_a ? "a" : "b") << k;
      EXPECT_EQ(check.error().to_string(),
                "field 'node 5': key-switch proof does not verify (one proof for all 40 elements: the wrong one is "
                "not named)");
    }
  }
  // A consistent share for a different x (a[k] = k·G, b[k] = k·Y - x'·C1_k with the real
  // blinding) fails too: b is only right for the node's own key share.
  KeySwitchShare other_key = good;
  for (std::size_t k = 0; k < kLength; ++k) other_key.b[k] = other_key.b[k] - c[k].c1;  // x' = x + 1
  EXPECT_FALSE(verify(federation().key, c, researcher.public_key(), other_key));
  // Bound to the node, the target key and the ciphertexts.
  const std::vector<Point> c1 = first_components(c);
  EXPECT_TRUE(verify_key_switch_batch(5, share_of(5), researcher.public_key(), c1, good.a, good.b, good.proof));
  EXPECT_FALSE(verify_key_switch_batch(4, share_of(5), researcher.public_key(), c1, good.a, good.b, good.proof));
  EXPECT_FALSE(
      verify_key_switch_batch(5, share_of(5), federation().key.public_key, c1, good.a, good.b, good.proof));
  std::vector<Point> moved = c1;
  moved[0] = moved[0] + Point::generator();
  EXPECT_FALSE(verify_key_switch_batch(5, share_of(5), researcher.public_key(), moved, good.a, good.b, good.proof));
}

TEST(BatchProof, WeightsAre128BitDeterministicAndDistinct) {
  detail::Transcript first("test"), second("test"), third("other");
  const std::vector<Scalar> w = detail::batch_weights(first, 64);
  EXPECT_EQ(w, detail::batch_weights(second, 64));
  EXPECT_NE(w, detail::batch_weights(third, 64));
  for (std::size_t k = 0; k < w.size(); ++k) {
    for (std::size_t b = detail::kWeightBytes; b < kScalarBytes; ++b) ASSERT_EQ(w[k].bytes[b], 0) << k;
    EXPECT_FALSE(w[k].is_zero());
    if (k > 0) {
      EXPECT_NE(w[k], w[k - 1]);
    }
  }
  // The weighted sum equals the sequential one (ranges split over threads for 200 points).
  std::vector<Point> points(200);
  std::vector<Scalar> weights(200);
  Point expected;
  for (std::size_t k = 0; k < points.size(); ++k) {
    points[k] = base_mul(Scalar::from_int(static_cast<std::int64_t>(k) + 1));
    weights[k] = Scalar::from_int(static_cast<std::int64_t>(3 * k + 1));
    expected = expected + weights[k] * points[k];
  }
  EXPECT_EQ(detail::weighted_sum(points, weights), expected);
}

}  // namespace
}  // namespace oncoshare::secure
