// Secure aggregation of real vectors (SecAgg / SecAgg+): each participant's input is hidden
// by pairwise masks that cancel in the sum and a self-mask removed only for survivors; t of
// the holders of a participant's Shamir shares recover whichever mask is needed after a
// dropout. Pure message API: the coordinator relays every message (secagg_codec.hpp gives
// their JSON). Rounds: 0 advertise keys, 1 share keys, 2 masked input, 3 unmask.
// Not thread-safe; one object per participant and per aggregation.
#pragma once

#include <map>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "secure/fixed_point.hpp"
#include "secure/group.hpp"
#include "secure/secagg_codec.hpp"
#include "secure/secagg_messages.hpp"

namespace oncoshare::secure {

// One participant (site node). Holds its secrets and the shares it received; move-only,
// everything secret is wiped on destruction. Each round method may succeed once, in order.
class SecAggParticipant {
 public:
  // Validates params and 1 <= index <= n; draws the two X25519 key pairs.
  [[nodiscard]] static core::Result<SecAggParticipant> create(const SecAggParams& params, std::uint32_t index);

  // Round 0 output: the public keys to broadcast.
  [[nodiscard]] const AdvertiseKeys& advertise() const { return mine_; }

  // Round 1: given every advertisement the aggregator relays (U1, including this one's, at
  // least t), draws the self-mask seed and returns one EncryptedShares per share holder that
  // advertised. Fails on a foreign aggregation, bad or duplicate indices, a changed own
  // advertisement, fewer than t advertisers or fewer than t holders.
  [[nodiscard]] core::Result<std::vector<EncryptedShares>> share_keys(std::span<const AdvertiseKeys> advertised);

  // Round 2: `input` (params.length finite values) masked with the self-mask and the pairwise
  // masks of the senders of `received` (U2 as seen here). Fails naming the sender of a share
  // that does not authenticate, on a foreign aggregation, wrong recipient, an unexpected or
  // duplicate sender, fewer than t senders, or a bad input element (named by index).
  [[nodiscard]] core::Result<MaskedInput> mask_input(std::span<const double> input,
                                                     std::span<const EncryptedShares> received);

  // Round 3: reveals seed shares for survivors and mask-key shares for senders that dropped,
  // never both for one owner (only one unmask per aggregation). Refuses fewer than t
  // survivors, survivors outside 1..n, or a request that does not list this participant.
  [[nodiscard]] core::Result<UnmaskShares> unmask(const UnmaskRequest& request);

  [[nodiscard]] std::uint32_t index() const { return mine_.index; }

 private:
  enum class Stage { advertised, shared, masked, done };
  struct Held {
    SecretScalar seed;  // share of the owner's self-mask seed
    SecretScalar key;   // share of the owner's mask-agreement secret
  };
  SecAggParticipant(const SecAggParams& params, FixedPoint codec) : params_(params), codec_(codec) {}
  [[nodiscard]] core::Status check_aggregation(const std::string& got, const char* what) const;

  SecAggParams params_;
  FixedPoint codec_;
  SecretScalar c_sk_;  // X25519 secret for share encryption
  SecretScalar s_sk_;  // X25519 secret for mask agreement, also Shamir-shared
  SecretScalar seed_;  // self-mask seed b_i, drawn in round 1
  AdvertiseKeys mine_;
  std::map<std::uint32_t, AdvertiseKeys> peers_;  // U1
  std::map<std::uint32_t, Held> held_;            // by owner, from round 2
  Stage stage_ = Stage::advertised;
};

// The aggregator (run by the coordinator): collects each round's messages with receive(),
// closes the round to get what to relay, and finally unmasks the sum. Holds no secret until
// finish(), which reconstructs and then wipes them. A receive() error rejects that message
// only; a close error (fewer than t left) ends the aggregation.
class SecAggAggregator {
 public:
  [[nodiscard]] static core::Result<SecAggAggregator> create(const SecAggParams& params);

  // Round 0. close_advertise() returns the advertisements to relay to all (U1, by index).
  [[nodiscard]] core::Status receive(const AdvertiseKeys& message);
  [[nodiscard]] core::Result<std::vector<AdvertiseKeys>> close_advertise();

  // Round 1. A sender is in U2 only if it sent shares to all of its holders in U1;
  // close_shares() returns U2, then shares_for(j) what to relay to each j in U2.
  [[nodiscard]] core::Status receive(const EncryptedShares& message);
  [[nodiscard]] core::Result<std::vector<std::uint32_t>> close_shares();
  [[nodiscard]] core::Result<std::vector<EncryptedShares>> shares_for(std::uint32_t recipient) const;

  // Round 2: accepts inputs of U2 members with params.length elements. close_inputs()
  // returns the request to send to every survivor (U3).
  [[nodiscard]] core::Status receive(const MaskedInput& message);
  [[nodiscard]] core::Result<UnmaskRequest> close_inputs();

  // Round 3: accepts shares only of the kind each owner needs. finish() needs t responses
  // and t shares of each needed secret; fails naming the participant whose secret is
  // missing, inconsistent or does not match its advertised key / seed check.
  [[nodiscard]] core::Status receive(const UnmaskShares& message);
  [[nodiscard]] core::Result<AggregateResult> finish();

 private:
  enum class Stage { advertise, shares, inputs, unmask, done };
  SecAggAggregator(const SecAggParams& params, FixedPoint codec) : params_(params), codec_(codec) {}
  [[nodiscard]] core::Status expect(Stage stage, const char* what, const std::string& aggregation) const;
  [[nodiscard]] std::vector<std::uint32_t> senders_to(std::uint32_t recipient) const;
  [[nodiscard]] core::Result<std::vector<u128>> unmasked_sum();

  SecAggParams params_;
  FixedPoint codec_;
  Stage stage_ = Stage::advertise;
  std::map<std::uint32_t, AdvertiseKeys> keys_;                                   // U1
  std::map<std::uint32_t, std::map<std::uint32_t, EncryptedShares>> shares_;      // from -> to
  std::vector<std::uint32_t> u2_;
  std::map<std::uint32_t, MaskedInput> inputs_;                                   // U3
  std::vector<std::uint32_t> u3_;
  std::map<std::uint32_t, UnmaskShares> unmasks_;                                 // responders
};

}  // namespace oncoshare::secure
