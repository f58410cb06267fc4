// Distributed key generation (Pedersen's joint-Feldman DKG). Each node deals a random
// polynomial f_i of degree t-1, broadcasts Feldman commitments C_{i,k} = a_{i,k}·G and sends
// f_i(j) privately to node j. Node j checks f_i(j)·G == Σ_k j^k C_{i,k} and broadcasts a
// complaint on mismatch; any dealer with a complaint is disqualified by everyone (no
// justification round). Shares are secret: the transport (mTLS between nodes) must keep
// them confidential and authenticated; this layer only produces and checks messages.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "secure/key_share.hpp"

namespace oncoshare::secure {

// Broadcast by dealer: the t coefficient commitments C_{dealer,0..t-1}.
struct DkgCommitments {
  std::uint32_t dealer = 0;
  std::vector<Point> coefficients;
  friend bool operator==(const DkgCommitments&, const DkgCommitments&) = default;
};

// Sent privately dealer -> recipient: f_dealer(recipient). Move-only, wiped.
struct DkgShare {
  std::uint32_t dealer = 0;
  std::uint32_t recipient = 0;
  SecretScalar value;
};

// Broadcast by a recipient whose share from `dealer` failed the Feldman check.
struct DkgComplaint {
  std::uint32_t accuser = 0;
  std::uint32_t dealer = 0;
  friend bool operator==(const DkgComplaint&, const DkgComplaint&) = default;
};

// The public result every node (and the coordinator) computes from all broadcast
// commitments and complaints. Dealers with no, duplicate, or malformed commitments, or with
// any complaint, are disqualified. Fails when fewer than `threshold` dealers qualify
// (then no honest majority of dealers is guaranteed) or a complaint names a bad index.
[[nodiscard]] core::Result<CollectiveKey> derive_collective_key(const DkgParams& params,
                                                                std::span<const DkgCommitments> commitments,
                                                                std::span<const DkgComplaint> complaints);

// One node's side of the DKG (the KeyShareGenerator). Move-only: holds the polynomial.
class DkgParticipant {
 public:
  // Validates params and index (1..participants) and deals a fresh random polynomial.
  [[nodiscard]] static core::Result<DkgParticipant> create(const DkgParams& params, std::uint32_t index);

  [[nodiscard]] std::uint32_t index() const { return index_; }
  // This node's broadcast message.
  [[nodiscard]] const DkgCommitments& commitments() const { return commitments_; }
  // The private share for `recipient` (1..participants, may be this node).
  [[nodiscard]] core::Result<DkgShare> deal(std::uint32_t recipient) const;

  // Checks a share addressed to this node against its dealer's commitments. Returns
  // nullopt and keeps the share if it verifies, or the complaint to broadcast if it does
  // not. Fails (bad_input) on messages that do not belong together or are not for us.
  [[nodiscard]] core::Result<std::optional<DkgComplaint>> receive(const DkgCommitments& dealer_commitments,
                                                                  DkgShare share);

  // Derives the collective key and sums the shares from qualified dealers. Fails when a
  // qualified dealer's share never arrived or the result disagrees with the commitments.
  [[nodiscard]] core::Result<KeyShare> finish(std::span<const DkgCommitments> commitments,
                                              std::span<const DkgComplaint> complaints) const;

 private:
  DkgParticipant() = default;
  DkgParams params_;
  std::uint32_t index_ = 0;
  std::vector<SecretScalar> coefficients_;  // a_0..a_{t-1}
  DkgCommitments commitments_;
  std::map<std::uint32_t, SecretScalar> received_;  // verified shares, by dealer
};

}  // namespace oncoshare::secure
