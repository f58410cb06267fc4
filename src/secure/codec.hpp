// Wire format of every secure message: compact JSON (sorted keys) with a "type" tag, counts
// and indices as integers, and group elements, scalars and proofs as standard padded base64
// of their concatenated fixed-size encodings. Parsing is strict: exactly the documented keys,
// exact lengths, valid points, canonical scalars; a failure is a bad_input core::Error naming
// the field (Location::field) and the raw value. See docs/secure.md for every message.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "secure/dkg.hpp"
#include "secure/joint_decryption.hpp"
#include "secure/key_switch.hpp"
#include "secure/threshold_decryption.hpp"

namespace oncoshare::secure {

// Upper bound on vector lengths accepted by the parsers (elements).
inline constexpr std::uint32_t kMaxVectorLength = std::uint32_t{1} << 24;

[[nodiscard]] std::string serialize(const CiphertextVector& ciphertexts);
[[nodiscard]] std::string serialize(const DkgCommitments& commitments);
[[nodiscard]] std::string serialize(const DkgShare& share);  // secret: send only over a confidential channel
[[nodiscard]] std::string serialize(const DkgComplaint& complaint);
[[nodiscard]] std::string serialize(const CollectiveKey& key);
[[nodiscard]] std::string serialize(const PartialDecryption& partial);
[[nodiscard]] std::string serialize(const KeySwitchShare& share);
[[nodiscard]] std::string serialize(const DecryptionShares& shares);
[[nodiscard]] std::string serialize(const CombinedShare& share);
[[nodiscard]] std::string serialize(const OpeningChallenge& challenge);
[[nodiscard]] std::string serialize_public_key(const Point& key);
// A plain vector of group elements (the first components a decrypting node is sent).
[[nodiscard]] std::string serialize_points(std::span<const Point> points);
// A short fingerprint of a vector of first components (base64 of 32 bytes of BLAKE2b over a
// domain tag, the count and every C1): how a decrypting node tells the coordinator which
// Σ C1 it used without echoing the whole aggregate.
[[nodiscard]] std::string first_components_digest(std::span<const Point> c1);
// The same kind of fingerprint over whole ciphertexts (C1 and C2): what a node signs about
// the encrypted answer it released.
[[nodiscard]] std::string ciphertexts_digest(const CiphertextVector& ciphertexts);

[[nodiscard]] core::Result<CiphertextVector> parse_ciphertext_vector(std::string_view json);
// Equally long ciphertext vectors (names[i] sent jsons[i]) parsed and added in one pass:
// each point is checked by the addition that consumes it, not decoded once more before.
// Errors name the sender, and the element when a point is invalid.
struct SummedVectors {
  std::vector<CiphertextVector> vectors;  // as parsed, in order
  CiphertextVector total;
};
[[nodiscard]] core::Result<SummedVectors> parse_and_sum(std::span<const std::string> jsons,
                                                        std::span<const std::string> names);
// The same for point vectors (the first components of signed contributions a decrypting
// node re-adds itself).
struct SummedPoints {
  std::vector<std::vector<Point>> vectors;  // as parsed, in order
  std::vector<Point> total;
};
[[nodiscard]] core::Result<SummedPoints> parse_and_sum_points(std::span<const std::string> jsons,
                                                              std::span<const std::string> names);
[[nodiscard]] core::Result<DkgCommitments> parse_dkg_commitments(std::string_view json);
[[nodiscard]] core::Result<DkgShare> parse_dkg_share(std::string_view json);
[[nodiscard]] core::Result<DkgComplaint> parse_dkg_complaint(std::string_view json);
[[nodiscard]] core::Result<CollectiveKey> parse_collective_key(std::string_view json);
[[nodiscard]] core::Result<PartialDecryption> parse_partial_decryption(std::string_view json);
[[nodiscard]] core::Result<KeySwitchShare> parse_key_switch_share(std::string_view json);
[[nodiscard]] core::Result<DecryptionShares> parse_decryption_shares(std::string_view json);
[[nodiscard]] core::Result<CombinedShare> parse_combined_share(std::string_view json);
[[nodiscard]] core::Result<OpeningChallenge> parse_opening_challenge(std::string_view json);
[[nodiscard]] core::Result<Point> parse_public_key(std::string_view json);
[[nodiscard]] core::Result<std::vector<Point>> parse_points(std::string_view json);

}  // namespace oncoshare::secure
