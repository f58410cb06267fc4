// Key switching: the researcher reads the aggregate; the coordinator's combined ciphertext
// does not decrypt under the collective key; bad shares are named and skipped.
#include "test_support.hpp"

namespace oncoshare::secure {
namespace {

using test::federation;

std::vector<KeySwitchShare> switch_shares(const CiphertextVector& c, const Point& target,
                                          std::vector<std::uint32_t> nodes) {
  std::vector<KeySwitchShare> out;
  for (std::uint32_t i : nodes) {
    // Through the wire format, as the coordinator would receive them.
    out.push_back(*parse_key_switch_share(serialize(KeySwitcher(federation().shares[i - 1]).switch_key(c, target))));
  }
  return out;
}

CiphertextVector aggregate(std::vector<std::int64_t> a, std::vector<std::int64_t> b) {
  const Encryptor enc(federation().key.public_key);
  CiphertextVector total = enc.encrypt(a);
  EXPECT_TRUE(add_in_place(total, enc.encrypt(b)));
  return total;
}

TEST(KeySwitch, ResearcherDecryptsTheAggregate) {
  const ResearcherKey researcher = ResearcherKey::generate();
  const CiphertextVector total = aggregate({10, 0, -4}, {5, 2, 1});
  auto switched = combine_key_switch(federation().key, total, researcher.public_key(),
                                     switch_shares(total, researcher.public_key(), {5, 1, 3}));
  ASSERT_TRUE(switched) << switched.error().to_string();
  EXPECT_EQ(switched->used, (std::vector<std::uint32_t>{5, 1, 3}));
  auto values = researcher.decrypt(switched->ciphertexts, test::small_table());
  ASSERT_TRUE(values) << values.error().to_string();
  EXPECT_EQ(*values, (std::vector<std::int64_t>{15, 2, -3}));
}

TEST(KeySwitch, CoordinatorViewDoesNotDecryptUnderTheCollectiveKey) {
  const ResearcherKey researcher = ResearcherKey::generate();
  const CiphertextVector total = aggregate({15}, {27});
  auto switched = combine_key_switch(federation().key, total, researcher.public_key(),
                                     switch_shares(total, researcher.public_key(), {1, 2, 3}));
  ASSERT_TRUE(switched);
  // Even the nodes' own threshold decryption of the switched ciphertext does not give 42:
  // it yields 42·G + k·Y, which is not in the table's range.
  std::vector<PartialDecryption> partials = test::partials(switched->ciphertexts, {1, 2, 3});
  auto points = interpolate(switched->ciphertexts, partials);
  ASSERT_TRUE(points);
  EXPECT_NE((*points)[0], base_mul(Scalar::from_int(42)));
  EXPECT_FALSE(test::small_table().solve((*points)[0]));
  // Another researcher's key does not open it either.
  EXPECT_FALSE(ResearcherKey::generate().decrypt(switched->ciphertexts, test::small_table()));
  // And no single share's B component reveals x_i·C1: it is masked by k_i·Y.
  const KeySwitchShare one = switch_shares(total, researcher.public_key(), {1})[0];
  EXPECT_NE(one.b[0], Point::identity() - federation().shares[0].secret.value() * total[0].c1);
}

TEST(KeySwitch, BadSharesAreNamedAndTheRestComplete) {
  const ResearcherKey researcher = ResearcherKey::generate();
  const ResearcherKey other = ResearcherKey::generate();
  const CiphertextVector total = aggregate({1, 2}, {3, 4});
  std::vector<KeySwitchShare> shares = switch_shares(total, researcher.public_key(), {1, 2, 3, 4, 5});
  shares[0].b[1] = shares[0].b[1] + Point::generator();                      // node 1 tampers
  shares[2] = switch_shares(total, other.public_key(), {3})[0];              // node 3 targets another key
  auto check = verify(federation().key, total, researcher.public_key(), shares[0]);
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().to_string(), "field 'node 1': "
            "key-switch proof does not verify (one proof for all 2 elements: the wrong one is not named)");
  auto switched = combine_key_switch(federation().key, total, researcher.public_key(), shares);
  ASSERT_TRUE(switched) << switched.error().to_string();
  EXPECT_EQ(switched->used, (std::vector<std::uint32_t>{2, 4, 5}));
  ASSERT_EQ(switched->rejected.size(), 2u);
  EXPECT_EQ(switched->rejected[0].node, 1u);
  EXPECT_EQ(switched->rejected[1].node, 3u);
  EXPECT_EQ(switched->rejected[1].reason, "key-switch share targets a different public key");
  EXPECT_EQ(*researcher.decrypt(switched->ciphertexts, test::small_table()), (std::vector<std::int64_t>{4, 6}));

  const std::vector<KeySwitchShare> two(shares.begin() + 3, shares.end());
  auto refused = combine_key_switch(federation().key, total, researcher.public_key(), two);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "3 valid key-switch shares needed, 2 available");
}

TEST(KeySwitch, ResearcherKeyFromBytes) {
  const ResearcherKey key = ResearcherKey::generate();
  auto again = ResearcherKey::from_bytes(key.secret().value().bytes);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->public_key(), key.public_key());
  const std::array<std::uint8_t, 32> zero{};
  EXPECT_EQ(ResearcherKey::from_bytes(zero).error().to_string(),
            "field 'secret_key': expected a canonical non-zero 32-byte scalar");
  std::array<std::uint8_t, 32> big{};
  big.fill(0xff);
  EXPECT_FALSE(ResearcherKey::from_bytes(big));
}

}  // namespace
}  // namespace oncoshare::secure
