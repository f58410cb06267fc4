// Shared fixtures for the secure tests: a completed 3-of-5 DKG and a small dlog table.
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "secure/secure.hpp"

namespace oncoshare::secure::test {

inline constexpr DkgParams kParams{5, 3};

// Runs the whole DKG in memory (every message through its JSON form, as on the wire).
struct Federation {
  CollectiveKey key;
  std::vector<KeyShare> shares;  // shares[i - 1] belongs to node i
};

inline Federation run_dkg(DkgParams params = kParams) {
  std::vector<DkgParticipant> nodes;
  std::vector<DkgCommitments> broadcast;
  for (std::uint32_t i = 1; i <= params.participants; ++i) {
    auto p = DkgParticipant::create(params, i);
    EXPECT_TRUE(p);
    nodes.push_back(std::move(*p));
    broadcast.push_back(*parse_dkg_commitments(serialize(nodes.back().commitments())));
  }
  for (auto& dealer : nodes) {
    for (auto& recipient : nodes) {
      auto share = parse_dkg_share(serialize(*dealer.deal(recipient.index())));
      EXPECT_TRUE(share);
      auto complaint = recipient.receive(broadcast[dealer.index() - 1], std::move(*share));
      EXPECT_TRUE(complaint && !complaint->has_value());
    }
  }
  Federation f;
  for (auto& node : nodes) {
    auto share = node.finish(broadcast, {});
    EXPECT_TRUE(share) << share.error().to_string();
    f.shares.push_back(std::move(*share));
  }
  f.key = f.shares.front().key;
  return f;
}

// A 3-of-5 federation shared by all tests in a binary (DKG is deterministic to use, random keys).
inline const Federation& federation() {
  static const Federation f = run_dkg();
  return f;
}

// |m| < 2^20, found in at most 2^20 / 2^10 giant steps each way.
inline const DlogTable& small_table() {
  static const DlogTable table = *DlogTable::create({std::uint64_t{1} << 20, 1u << 10});
  return table;
}

inline std::vector<PartialDecryption> partials(const CiphertextVector& c, std::vector<std::uint32_t> nodes) {
  std::vector<PartialDecryption> out;
  for (std::uint32_t i : nodes) out.push_back(PartialDecryptor(federation().shares[i - 1]).decrypt(c));
  return out;
}

}  // namespace oncoshare::secure::test
