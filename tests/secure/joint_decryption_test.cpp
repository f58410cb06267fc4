// The two-round joint decryption: exact values from any t nodes, a wrong share named and
// never opened, shares computed for a set that changed, and malformed message sets.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "secure/codec.hpp"
#include "secure/joint_decryption.hpp"
#include "secure/lagrange.hpp"
#include "test_support.hpp"

namespace oncoshare::secure {
namespace {

using test::federation;
using test::small_table;

CiphertextVector encrypt_all(const std::vector<std::int64_t>& values) {
  return Encryptor(federation().key.public_key).encrypt(values);
}

struct Round {
  std::vector<DecryptionShares> shares;
  std::vector<CombinedShare> combined;
  OpeningChallenge challenge = OpeningChallenge::random();
};

// Every node in `nodes` decrypts for `decryptors` and answers the same challenge (both
// messages through their wire form).
Round run_rounds(const CiphertextVector& c, const std::vector<std::uint32_t>& nodes,
                 const std::vector<std::uint32_t>& decryptors) {
  Round round;
  const std::vector<Point> c1 = first_components(c);
  for (std::uint32_t i : nodes) {
    const JointDecryptor node(federation().shares[i - 1]);
    auto shares = node.decrypt(c1, decryptors);
    EXPECT_TRUE(shares) << shares.error().to_string();
    round.shares.push_back(*parse_decryption_shares(serialize(*shares)));
    auto combined = node.prove(c1, decryptors, round.challenge);
    EXPECT_TRUE(combined) << combined.error().to_string();
    round.combined.push_back(*parse_combined_share(serialize(*combined)));
  }
  return round;
}

core::Result<JointOpening> open(const CiphertextVector& c, const Round& round) {
  return open_jointly(federation().key, c, round.shares, round.combined, round.challenge, small_table());
}

TEST(JointDecryptionTest, AnyThreeOfFiveOpenTheExactValues) {
  const std::vector<std::int64_t> values = {0, 1, 7, -3, 1000, 0, 42, 65535};
  const CiphertextVector c = encrypt_all(values);
  for (const std::vector<std::uint32_t>& set : {std::vector<std::uint32_t>{1, 2, 3}, {2, 4, 5}, {1, 3, 5}}) {
    auto opened = open(c, run_rounds(c, set, set));
    ASSERT_TRUE(opened) << opened.error().to_string();
    EXPECT_TRUE(opened->rejected.empty());
    EXPECT_EQ(opened->values, values);
    EXPECT_EQ(opened->used, set);
  }
}

TEST(JointDecryptionTest, AShareShiftedByOneIsNamedAndNothingOpens) {
  const std::vector<std::int64_t> values(300, 5);
  const CiphertextVector c = encrypt_all(values);
  Round round = run_rounds(c, {1, 2, 4}, {1, 2, 4});
  // Well-formed, would shift element 137 by exactly 1: the check must catch it.
  round.shares[1].shares[137] = round.shares[1].shares[137] + Point::generator();
  auto opened = open(c, round);
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_TRUE(opened->values.empty());
  ASSERT_EQ(opened->rejected.size(), 1u);
  EXPECT_EQ(opened->rejected[0].node, 2u);
  EXPECT_EQ(opened->rejected[0].reason, "its decryption shares do not match its proof");
}

// A node applying a wrong key y' = y + 1 to every element, its round-2 answer computed with
// the same y': shares and answer agree, so only its proof (for y' against λ_i·X_i) fails.
TEST(JointDecryptionTest, ANodeUsingAWrongKeyThroughoutFailsItsProof) {
  const CiphertextVector c = encrypt_all({5, -2, 40});
  Round round = run_rounds(c, {1, 2, 3}, {1, 2, 3});
  const Scalar y = *lagrange_at_zero(2, std::vector<std::uint32_t>{1, 2, 3}) * federation().shares[1].secret.value();
  const Scalar factor = (y + Scalar::from_int(1)) * y.inverse();
  for (Point& share : round.shares[1].shares) share = factor * share;
  round.combined[1].combined = factor * round.combined[1].combined;
  auto opened = open(c, round);
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_TRUE(opened->values.empty());
  ASSERT_EQ(opened->rejected.size(), 1u);
  EXPECT_EQ(opened->rejected[0].node, 2u);
  EXPECT_EQ(opened->rejected[0].reason, "its round-2 decryption proof does not verify");
}

TEST(JointDecryptionTest, AProofForAnotherChallengeOrAggregateIsRejected) {
  const CiphertextVector c = encrypt_all({3, 4});
  Round round = run_rounds(c, {1, 2, 3}, {1, 2, 3});
  Round other = run_rounds(c, {3}, {1, 2, 3});  // node 3 answered a different challenge
  round.combined[2] = other.combined[0];
  auto opened = open(c, round);
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->rejected.size(), 1u);
  EXPECT_EQ(opened->rejected[0].node, 3u);
  EXPECT_EQ(opened->rejected[0].reason, "its round-2 decryption proof does not verify");

  const CiphertextVector swapped = encrypt_all({4, 3});
  auto elsewhere = open(swapped, run_rounds(c, {1, 2, 3}, {1, 2, 3}));
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->rejected.size(), 3u);
}

TEST(JointDecryptionTest, SharesForAnEarlierSetAreRescaled) {
  // Nodes 1 and 2 decrypted for {1, 2, 3}; node 3 never answered, node 5 stepped in.
  const std::vector<std::int64_t> values = {11, 0, 29, 100};
  const CiphertextVector c = encrypt_all(values);
  Round round = run_rounds(c, {1, 2}, {1, 2, 3});
  const Round late = run_rounds(c, {5}, {1, 2, 5});
  const JointDecryptor one(federation().shares[0]), two(federation().shares[1]);
  const std::vector<Point> c1 = first_components(c);
  round.combined = {*one.prove(c1, std::vector<std::uint32_t>{1, 2, 3}, late.challenge),
                    *two.prove(c1, std::vector<std::uint32_t>{1, 2, 3}, late.challenge), late.combined[0]};
  round.shares.push_back(late.shares[0]);
  round.challenge = late.challenge;
  auto opened = open(c, round);
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_TRUE(opened->rejected.empty());
  EXPECT_EQ(opened->values, values);
  EXPECT_EQ(opened->used, (std::vector<std::uint32_t>{1, 2, 5}));
}

TEST(JointDecryptionTest, MessagesThatDoNotFitTogetherAreErrors) {
  const CiphertextVector c = encrypt_all({1, 2});
  const Round good = run_rounds(c, {1, 2, 3}, {1, 2, 3});
  auto message = [&](Round round) {
    auto opened = open(c, round);
    return opened ? std::string("opened") : opened.error().message;
  };
  Round two = good;
  two.shares.pop_back();
  two.combined.pop_back();
  EXPECT_EQ(message(two), "2 node(s) sent decryption shares, the key needs 3");
  Round twice = good;
  twice.shares[2] = twice.shares[0];
  EXPECT_EQ(message(twice), "node 1 sent shares twice");
  Round unproven = good;
  unproven.combined.pop_back();
  EXPECT_EQ(message(unproven), "node 3: no round-2 proof");
  Round short_vector = good;
  short_vector.shares[1].shares.pop_back();
  EXPECT_EQ(message(short_vector), "node 2: 1 shares for 2 ciphertexts");

  const JointDecryptor four(federation().shares[3]);
  EXPECT_EQ(four.decrypt(first_components(c), std::vector<std::uint32_t>{1, 2, 3}).error().message,
            "node 4: index 4 is not in the interpolation set");
  EXPECT_EQ(four.decrypt(first_components(c), std::vector<std::uint32_t>{2, 4}).error().message,
            "node 4: 2 decryptor(s) named, the key needs 3");
  EXPECT_EQ(four.decrypt(first_components(c), std::vector<std::uint32_t>{4, 2, 3}).error().message,
            "node 4: decryptors must be ascending indices 1..5");
}

TEST(JointDecryptionTest, WireFormsAreStrict) {
  const CiphertextVector c = encrypt_all({9});
  const Round round = run_rounds(c, {1, 2, 3}, {1, 2, 3});
  EXPECT_EQ(*parse_opening_challenge(serialize(round.challenge)), round.challenge);
  auto shares = nlohmann::json::parse(serialize(round.shares[0]));
  shares["decryptors"] = {3, 1};
  EXPECT_EQ(parse_decryption_shares(shares.dump()).error().message,
            "expected ascending integers in [1, 1024], got 1");
  auto challenge = nlohmann::json::parse(serialize(round.challenge));
  challenge["challenge"] = "AAAA";
  EXPECT_FALSE(parse_opening_challenge(challenge.dump()));
  EXPECT_EQ(*parse_points(serialize_points(first_components(c))), first_components(c));
}

}  // namespace
}  // namespace oncoshare::secure
