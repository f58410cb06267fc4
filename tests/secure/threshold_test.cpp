// Threshold decryption: exact sums, every 3-of-5 subset, 2 partials refused (and shown to
// interpolate to a wrong point), tampered partials named and skipped, forged proofs.
#include <algorithm>
#include <numeric>

#include "test_support.hpp"

namespace oncoshare::secure {
namespace {

using test::federation;
using test::partials;
using test::small_table;

CiphertextVector encrypted_total(const std::vector<std::vector<std::int64_t>>& per_node) {
  const Encryptor enc(federation().key.public_key);
  std::vector<CiphertextVector> parts;
  for (const auto& counts : per_node) parts.push_back(enc.encrypt(counts));
  return *sum(parts);
}

TEST(Threshold, EncryptAddAndDecryptWithThreeOfFiveIsExact) {
  // Five hospitals' counts for (stage I, II, III, IV); the combiner only sees the total.
  const CiphertextVector total =
      encrypted_total({{12, 30, 7, 0}, {3, 0, 11, 2}, {25, 14, 9, 4}, {0, 1, 0, 0}, {8, 8, 8, 8}});
  auto result = combine(federation().key, total, partials(total, {1, 2, 3}), small_table());
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->values, (std::vector<std::int64_t>{48, 53, 35, 14}));
  EXPECT_EQ(result->used, (std::vector<std::uint32_t>{1, 2, 3}));
  EXPECT_TRUE(result->rejected.empty());
}

TEST(Threshold, EveryThreeOfFiveSubsetDecrypts) {
  const CiphertextVector total = encrypted_total({{100, -7}, {23, 0}});
  const std::vector<PartialDecryption> all = partials(total, {1, 2, 3, 4, 5});
  int subsets = 0;
  for (std::uint32_t a = 1; a <= 5; ++a)
    for (std::uint32_t b = a + 1; b <= 5; ++b)
      for (std::uint32_t c = b + 1; c <= 5; ++c) {
        const std::vector<PartialDecryption> chosen{all[a - 1], all[b - 1], all[c - 1]};
        auto result = combine(federation().key, total, chosen, small_table());
        ASSERT_TRUE(result) << a << b << c << ": " << result.error().to_string();
        EXPECT_EQ(result->values, (std::vector<std::int64_t>{123, -7}));
        ++subsets;
      }
  EXPECT_EQ(subsets, 10);
}

TEST(Threshold, TwoOfFiveAreRefused) {
  const CiphertextVector total = encrypted_total({{42}});
  auto result = combine(federation().key, total, partials(total, {2, 5}), small_table());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, core::ErrorCode::check_failed);
  EXPECT_EQ(result.error().message, "3 valid partial decryptions needed, 2 available");
}

TEST(Threshold, TwoPartialsInterpolateToAWrongPoint) {
  // With a degree-2 sharing polynomial, interpolating a line through two shares does not hit
  // x at 0, so C2 - (λ1·D1 + λ2·D2) is not 42·G for any pair (and neither is one share alone).
  const CiphertextVector total = encrypted_total({{42}});
  const Point expected = base_mul(Scalar::from_int(42));
  for (std::uint32_t a = 1; a <= 5; ++a) {
    for (std::uint32_t b = a + 1; b <= 5; ++b) {
      auto points = interpolate(total, partials(total, {a, b}));
      ASSERT_TRUE(points);
      EXPECT_NE((*points)[0], expected) << a << "," << b;
      EXPECT_FALSE(small_table().solve((*points)[0]));
    }
    EXPECT_NE((*interpolate(total, partials(total, {a})))[0], expected);
  }
  EXPECT_EQ((*interpolate(total, partials(total, {1, 4, 5})))[0], expected);
}

TEST(Threshold, TamperedPartialIsNamedAndOthersComplete) {
  const CiphertextVector total = encrypted_total({{5, 6}, {1, 1}});
  std::vector<PartialDecryption> all = partials(total, {1, 2, 3, 4});
  all[1].shares[1] = all[1].shares[1] + Point::generator();  // node 2 shifts element 1 by +1
  auto check = verify(federation().key, total, all[1]);
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().to_string(), "field 'node 2': decryption proof does not verify (one proof for all 2 shares: the wrong one is not named)");

  auto result = combine(federation().key, total, all, small_table());
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->values, (std::vector<std::int64_t>{6, 7}));
  EXPECT_EQ(result->used, (std::vector<std::uint32_t>{1, 3, 4}));
  ASSERT_EQ(result->rejected.size(), 1u);
  EXPECT_EQ(result->rejected[0].node, 2u);
  EXPECT_EQ(result->rejected[0].reason, "decryption proof does not verify (one proof for all 2 shares: the wrong one is not named)");
}

TEST(Threshold, TooFewValidPartialsNamesTheRejectedNode) {
  const CiphertextVector total = encrypted_total({{9}});
  std::vector<PartialDecryption> three = partials(total, {1, 2, 3});
  three[2].shares[0] = Point::generator();
  auto result = combine(federation().key, total, three, small_table());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "3 valid partial decryptions needed, 2 available; node 3 rejected: "
            "decryption proof does not verify (one proof for all 1 shares: the wrong one is not named)");
}

TEST(Threshold, DuplicateAndUnknownNodesAreRejected) {
  const CiphertextVector total = encrypted_total({{9}});
  std::vector<PartialDecryption> list = partials(total, {1, 1, 2});
  list.push_back(list[0]);
  list.back().node = 9;
  auto result = combine(federation().key, total, list, small_table());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "3 valid partial decryptions needed, 2 available; node 1 rejected: duplicate contribution from the same "
            "node; node 9 rejected: node 9 is not a participant (1..5)");
}

TEST(Threshold, ForgedProofsFail) {
  const CiphertextVector total = encrypted_total({{3}});
  const Ciphertext& c = total[0];
  const test::Federation& f = federation();
  const KeyShare& node1 = f.shares[0];
  const Point x1 = f.key.verification_shares[0];
  const Point d1 = node1.secret.value() * c.c1;

  // A genuine proof verifies only for its own node index, ciphertext and share.
  const DecryptionProof good = prove_decryption(1, node1.secret.value(), x1, c.c1, d1);
  EXPECT_TRUE(verify_decryption(1, x1, c.c1, d1, good));
  EXPECT_FALSE(verify_decryption(2, x1, c.c1, d1, good));
  EXPECT_FALSE(verify_decryption(1, x1, c.c1 + Point::generator(), d1, good));
  EXPECT_FALSE(verify_decryption(1, f.key.verification_shares[1], c.c1, d1, good));

  // Random scalars are not a proof.
  EXPECT_FALSE(verify_decryption(1, x1, c.c1, d1, {Scalar::random(), Scalar::random()}));

  // A cheater who proves knowledge of some other x' (honestly, for X' = x'·G) still fails
  // against the verification share derived from the DKG commitments.
  const Scalar forged = Scalar::random();
  const Point d_forged = forged * c.c1;
  const DecryptionProof cheat = prove_decryption(1, forged, base_mul(forged), c.c1, d_forged);
  EXPECT_TRUE(verify_decryption(1, base_mul(forged), c.c1, d_forged, cheat));
  EXPECT_FALSE(verify_decryption(1, x1, c.c1, d_forged, cheat));

  // A proof bit-flipped in its response fails.
  DecryptionProof flipped = good;
  flipped.response = flipped.response + Scalar::from_int(1);
  EXPECT_FALSE(verify_decryption(1, x1, c.c1, d1, flipped));
}

TEST(Threshold, LagrangeCoefficientsRejectBadSets) {
  const std::vector<std::uint32_t> set{1, 3, 3};
  auto dup = lagrange_at_zero(1, set);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().message, "participant 3 appears twice in the interpolation set");
  const std::vector<std::uint32_t> ok{1, 2};
  EXPECT_EQ(lagrange_at_zero(4, ok).error().message, "index 4 is not in the interpolation set");
  // For {1, 2}: λ1 = 2/(2-1) = 2, λ2 = 1/(1-2) = -1.
  EXPECT_EQ(*lagrange_at_zero(1, ok), Scalar::from_int(2));
  EXPECT_EQ(*lagrange_at_zero(2, ok), Scalar::from_int(-1));
}

TEST(Threshold, ThousandElementVectorFromFiveNodes) {
  std::vector<std::vector<std::int64_t>> per_node(5, std::vector<std::int64_t>(1000));
  std::vector<std::int64_t> expected(1000, 0);
  for (std::size_t n = 0; n < 5; ++n) {
    for (std::size_t k = 0; k < 1000; ++k) {
      per_node[n][k] = static_cast<std::int64_t>((k * 7 + n * 13) % 101);
      expected[k] += per_node[n][k];
    }
  }
  const CiphertextVector total = encrypted_total(per_node);
  ASSERT_EQ(total.size(), 1000u);
  auto result = combine(federation().key, total, partials(total, {5, 3, 1}), small_table());
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->values, expected);
}

TEST(Threshold, HomomorphicScalingAndMismatchedLengths) {
  CiphertextVector v = encrypted_total({{4, -2, 0}});
  scale_in_place(v, -3);
  v[0] = add(v[0], scale(v[0], 2));  // -12 * 3
  auto result = combine(federation().key, v, partials(v, {2, 3, 4}), small_table());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->values, (std::vector<std::int64_t>{-36, 6, 0}));
  CiphertextVector shorter = encrypted_total({{1, 2}});
  auto status = add_in_place(v, shorter);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "ciphertext vectors differ in length: 3 and 2");
  EXPECT_EQ(sum(std::span<const CiphertextVector>{}).error().message, "no ciphertext vectors to add");
}

}  // namespace
}  // namespace oncoshare::secure
