// Distributed key generation: agreement on the collective key, verification shares, a dealer
// caught sending a bad share and disqualified, and parameter errors.
#include "test_support.hpp"

namespace oncoshare::secure {
namespace {

TEST(Dkg, AllNodesDeriveTheSameKeyAndConsistentShares) {
  const test::Federation& f = test::federation();
  ASSERT_EQ(f.shares.size(), 5u);
  EXPECT_EQ(f.key.qualified, (std::vector<std::uint32_t>{1, 2, 3, 4, 5}));
  for (const KeyShare& share : f.shares) {
    EXPECT_EQ(share.key, f.key);
    EXPECT_EQ(base_mul(share.secret.value()), f.key.verification_shares[share.index - 1]);
  }
  // Any three shares interpolate to the collective secret: Σ λ_i X_i = X.
  const std::vector<std::uint32_t> set{2, 4, 5};
  Point x = Point::identity();
  for (std::uint32_t i : set) x = x + (*lagrange_at_zero(i, set)) * f.key.verification_shares[i - 1];
  EXPECT_EQ(x, f.key.public_key);
  EXPECT_FALSE(f.key.public_key.is_identity());
}

TEST(Dkg, BadShareIsDetectedAndTheDealerDisqualified) {
  const DkgParams params{5, 3};
  std::vector<DkgParticipant> nodes;
  std::vector<DkgCommitments> broadcast;
  for (std::uint32_t i = 1; i <= 5; ++i) {
    nodes.push_back(std::move(*DkgParticipant::create(params, i)));
    broadcast.push_back(nodes.back().commitments());
  }
  std::vector<DkgComplaint> complaints;
  for (auto& dealer : nodes) {
    for (auto& recipient : nodes) {
      DkgShare share = std::move(*dealer.deal(recipient.index()));
      if (dealer.index() == 2 && recipient.index() == 4) share.value.value() = share.value.value() + Scalar::from_int(1);
      auto complaint = recipient.receive(broadcast[dealer.index() - 1], std::move(share));
      ASSERT_TRUE(complaint);
      if (complaint->has_value()) complaints.push_back(**complaint);
    }
  }
  ASSERT_EQ(complaints, (std::vector<DkgComplaint>{{4, 2}}));
  // Complaints travel as JSON too.
  EXPECT_EQ(serialize(complaints[0]), R"({"accuser":4,"dealer":2,"type":"dkg_complaint"})");

  std::vector<KeyShare> shares;
  for (auto& node : nodes) {
    auto share = node.finish(broadcast, complaints);
    ASSERT_TRUE(share) << share.error().to_string();
    shares.push_back(std::move(*share));
  }
  const CollectiveKey& key = shares[0].key;
  EXPECT_EQ(key.qualified, (std::vector<std::uint32_t>{1, 3, 4, 5}));
  // Dealer 2's polynomial no longer contributes to the key.
  Point expected = Point::identity();
  for (std::uint32_t d : {1, 3, 4, 5}) expected = expected + broadcast[d - 1].coefficients[0];
  EXPECT_EQ(key.public_key, expected);
  for (const KeyShare& s : shares) EXPECT_EQ(s.key, key);

  // The federation still works, including node 4 (whose bad share was dropped).
  const CiphertextVector c = Encryptor(key.public_key).encrypt(std::vector<std::int64_t>{77});
  std::vector<PartialDecryption> partials;
  for (std::uint32_t i : {4, 2, 5}) partials.push_back(PartialDecryptor(shares[i - 1]).decrypt(c));
  auto result = combine(key, c, partials, test::small_table());
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->values, (std::vector<std::int64_t>{77}));
}

TEST(Dkg, EquivocatingOrMalformedDealersAreDisqualified) {
  const DkgParams params{4, 2};
  std::vector<DkgCommitments> broadcast;
  for (std::uint32_t i = 1; i <= 4; ++i) broadcast.push_back(DkgParticipant::create(params, i)->commitments());
  broadcast.push_back(DkgParticipant::create(params, 3)->commitments());  // dealer 3 twice
  broadcast[0].coefficients.pop_back();                                   // dealer 1: degree too low
  auto key = derive_collective_key(params, broadcast, {});
  ASSERT_TRUE(key) << key.error().to_string();
  EXPECT_EQ(key->qualified, (std::vector<std::uint32_t>{2, 4}));
  const std::vector<DkgComplaint> complaints{{1, 2}};
  auto too_few = derive_collective_key(params, broadcast, complaints);
  ASSERT_FALSE(too_few);
  EXPECT_EQ(too_few.error().message, "only 1 of 4 dealers qualified; at least 2 are needed");
}

TEST(Dkg, MissingShareFromAQualifiedDealerFails) {
  const DkgParams params{3, 2};
  std::vector<DkgParticipant> nodes;
  std::vector<DkgCommitments> broadcast;
  for (std::uint32_t i = 1; i <= 3; ++i) {
    nodes.push_back(std::move(*DkgParticipant::create(params, i)));
    broadcast.push_back(nodes.back().commitments());
  }
  ASSERT_TRUE(nodes[0].receive(broadcast[0], std::move(*nodes[0].deal(1))));
  auto share = nodes[0].finish(broadcast, {});
  ASSERT_FALSE(share);
  EXPECT_EQ(share.error().to_string(),
            "field 'dealer': node 1 holds no verified share from qualified dealer 2; complain or wait");
}

TEST(Dkg, ParameterAndRoutingErrors) {
  EXPECT_EQ(DkgParticipant::create({5, 0}, 1).error().to_string(), "field 'threshold': threshold 0 outside [1, 5]");
  EXPECT_EQ(DkgParticipant::create({5, 6}, 1).error().to_string(), "field 'threshold': threshold 6 outside [1, 5]");
  EXPECT_EQ(DkgParticipant::create({0, 1}, 1).error().to_string(),
            "field 'participants': participants 0 outside [1, 1024]");
  EXPECT_EQ(DkgParticipant::create({5, 3}, 6).error().to_string(), "field 'index': index 6 outside [1, 5]");
  auto a = std::move(*DkgParticipant::create({5, 3}, 1));
  auto b = std::move(*DkgParticipant::create({5, 3}, 2));
  EXPECT_EQ(a.deal(0).error().to_string(), "field 'recipient': index 0 outside [1, 5]");
  auto misrouted = b.receive(a.commitments(), std::move(*a.deal(3)));
  ASSERT_FALSE(misrouted);
  EXPECT_EQ(misrouted.error().to_string(), "field 'recipient': share addressed to node 3, this is node 2");
  auto mismatched = b.receive(b.commitments(), std::move(*a.deal(2)));
  ASSERT_FALSE(mismatched);
  EXPECT_EQ(mismatched.error().to_string(),
            "field 'dealer': share from dealer 1 checked against commitments of dealer 2");
}

}  // namespace
}  // namespace oncoshare::secure
