// Long vectors (survival grids), which the secure component spreads over several threads:
// exact results, the same first failing element a sequential scan reports, and the combiner
// stopping once it holds t fully verified contributions.
#include <numeric>

#include "secure/detail/parallel.hpp"
#include "test_support.hpp"

namespace oncoshare::secure {
namespace {

using test::federation;
using test::partials;
using test::small_table;

// Long enough to be split over every core (detail::kMinElementsPerThread per thread).
constexpr std::size_t kLength = 300;

std::vector<std::int64_t> ramp(std::int64_t start) {
  std::vector<std::int64_t> v(kLength);
  std::iota(v.begin(), v.end(), start);
  return v;
}

CiphertextVector encrypted_sum() {
  const Encryptor enc(federation().key.public_key);
  const std::vector<CiphertextVector> parts{enc.encrypt(ramp(0)), enc.encrypt(ramp(-100)), enc.encrypt(ramp(7))};
  auto total = sum(parts);
  EXPECT_TRUE(total);
  return *total;
}

std::vector<std::int64_t> expected_sum() {
  std::vector<std::int64_t> v(kLength);
  for (std::size_t k = 0; k < kLength; ++k) v[k] = 3 * static_cast<std::int64_t>(k) - 93;
  return v;
}

TEST(FirstFailure, ReportsTheSmallestFailingIndexAndChecksEveryIndexBelowIt) {
  constexpr std::size_t n = 5000;
  std::vector<int> checked(n, 0);
  auto bad = detail::first_failure(n, [&](std::size_t k) {
    checked[k] = 1;
    return k != 4321 && k != 2600 && k != 4999;
  });
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, 2600u);
  EXPECT_EQ(std::accumulate(checked.begin(), checked.begin() + 2601, 0), 2601);
  EXPECT_FALSE(detail::first_failure(n, [](std::size_t) { return true; }));
  EXPECT_FALSE(detail::first_failure(0, [](std::size_t) { return false; }));
  EXPECT_EQ(detail::first_failure(1, [](std::size_t) { return false; }), std::optional<std::size_t>(0));
}

TEST(LongVector, EncryptSumAndThresholdDecryptAreExact) {
  const CiphertextVector total = encrypted_sum();
  auto opened = combine(federation().key, total, partials(total, {5, 2, 4}), small_table());
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_EQ(opened->values, expected_sum());
  EXPECT_EQ(opened->used, (std::vector<std::uint32_t>{5, 2, 4}));

  CiphertextVector tripled = total;
  scale_in_place(tripled, -3);
  auto scaled = combine(federation().key, tripled, partials(tripled, {1, 2, 3}), small_table());
  ASSERT_TRUE(scaled);
  EXPECT_EQ(scaled->values[0], 279);
  EXPECT_EQ(scaled->values[kLength - 1], -3 * (3 * static_cast<std::int64_t>(kLength - 1) - 93));
}

TEST(LongVector, SumOfDifferentLengthsNamesBothSizes) {
  const Encryptor enc(federation().key.public_key);
  const std::vector<CiphertextVector> parts{enc.encrypt(ramp(0)), enc.encrypt(std::vector<std::int64_t>{1, 2})};
  auto total = sum(parts);
  ASSERT_FALSE(total);
  EXPECT_EQ(total.error().message, "ciphertext vectors differ in length: 300 and 2");
}

TEST(LongVector, BadSharesFailTheNodesBatchedProof) {
  const CiphertextVector total = encrypted_sum();
  std::vector<PartialDecryption> list = partials(total, {1, 2, 3, 4});
  list[0].shares[290] = list[0].shares[290] + Point::generator();
  list[0].shares[151] = list[0].shares[151] + Point::generator();
  auto check = verify(federation().key, total, list[0]);
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().to_string(), "field 'node 1': decryption proof does not verify (one proof for all 300 shares: the wrong one is not named)");

  auto opened = combine(federation().key, total, list, small_table());
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_EQ(opened->values, expected_sum());
  EXPECT_EQ(opened->used, (std::vector<std::uint32_t>{2, 3, 4}));
  ASSERT_EQ(opened->rejected.size(), 1u);
  EXPECT_EQ(opened->rejected[0].reason, "decryption proof does not verify (one proof for all 300 shares: the wrong one is not named)");
}

TEST(LongVector, CombineStopsOnceThresholdPartialsAreValid) {
  // Node 5's partial comes after three valid ones: it is neither used nor checked, so its
  // bad proof is not reported. Every partial that is used was verified in full.
  const CiphertextVector total = encrypted_sum();
  std::vector<PartialDecryption> list = partials(total, {1, 2, 3, 4, 5});
  list[1].proof.response = list[1].proof.response + Scalar::from_int(1);
  list[4].shares[0] = Point::generator();
  auto opened = combine(federation().key, total, list, small_table());
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_EQ(opened->values, expected_sum());
  EXPECT_EQ(opened->used, (std::vector<std::uint32_t>{1, 3, 4}));
  ASSERT_EQ(opened->rejected.size(), 1u);
  EXPECT_EQ(opened->rejected[0].node, 2u);
  EXPECT_EQ(opened->rejected[0].reason, "decryption proof does not verify (one proof for all 300 shares: the wrong one is not named)");

  // With too few valid partials every checked one that failed is named.
  const std::vector<PartialDecryption> short_list{list[0], list[1], list[4]};
  auto refused = combine(federation().key, total, short_list, small_table());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "3 valid partial decryptions needed, 1 available; node 2 rejected: decryption proof does not verify (one proof for all 300 shares: the wrong one is not named); "
            "node 5 rejected: decryption proof does not verify (one proof for all 300 shares: the wrong one is not named)");
}

TEST(LongVector, KeySwitchIsExactAndABadElementFailsTheBatchedProof) {
  const ResearcherKey researcher = ResearcherKey::generate();
  const CiphertextVector total = encrypted_sum();
  std::vector<KeySwitchShare> shares;
  for (std::uint32_t i : {3u, 1u, 5u, 2u}) {
    shares.push_back(KeySwitcher(federation().shares[i - 1]).switch_key(total, researcher.public_key()));
  }
  shares[0].b[299] = shares[0].b[299] + Point::generator();
  shares[0].a[64] = shares[0].a[64] + Point::generator();
  auto check = verify(federation().key, total, researcher.public_key(), shares[0]);
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().to_string(), "field 'node 3': key-switch proof does not verify (one proof for all 300 elements: the wrong one is not named)");

  auto switched = combine_key_switch(federation().key, total, researcher.public_key(), shares);
  ASSERT_TRUE(switched) << switched.error().to_string();
  EXPECT_EQ(switched->used, (std::vector<std::uint32_t>{1, 5, 2}));
  auto values = researcher.decrypt(switched->ciphertexts, small_table());
  ASSERT_TRUE(values) << values.error().to_string();
  EXPECT_EQ(*values, expected_sum());
}

TEST(LongVector, AValueOutsideTheTableNamesTheFirstSuchElement) {
  const Encryptor enc(federation().key.public_key);
  std::vector<std::int64_t> values = ramp(0);
  values[200] = std::int64_t{1} << 30;  // beyond small_table()'s |m| < 2^20
  values[120] = -(std::int64_t{1} << 30);
  const CiphertextVector c = enc.encrypt(values);
  auto opened = combine(federation().key, c, partials(c, {1, 2, 3}), small_table());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message.rfind("element 120: ", 0), 0u) << opened.error().message;
}

}  // namespace
}  // namespace oncoshare::secure
