// What a node signs in a key generation (docs/node.md, "Threshold key"), so that a relay
// cannot substitute, drop or alter a node's messages (docs/threat-model.md, adversary B):
// its start (commitments and session box key), each share it seals, its complaints and the
// result it reaches (transcript digest and collective key). Every statement names the
// session, the ordered participants, the threshold and the signer's index; the signer is
// the participant at that index, checked by the reader (roster for a node, published
// certificates for the relay).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "node/roster.hpp"
#include "secure/dkg.hpp"

namespace oncoshare::node {

// The key generation a statement belongs to, and who in it signs.
struct DkgHeader {
  std::string session;
  std::vector<std::string> participants;  // index i+1 = participants[i]
  std::uint32_t threshold = 0;
  std::uint32_t index = 0;                // the signer's (0: not set)

  // participants[index - 1]; requires 1 <= index <= participants.size().
  [[nodiscard]] const std::string& name() const { return participants.at(index - 1); }
  [[nodiscard]] DkgHeader as(std::uint32_t signer) const;
  [[nodiscard]] secure::DkgParams params() const;
};

enum class DkgStep { start, sealed, complaint, finish };

// A statement read and checked by read_dkg_statement. Only the fields of its step are set.
struct DkgStatement {
  DkgStep step = DkgStep::start;
  DkgHeader header;
  SignedStatement signed_statement;
  secure::DkgCommitments commitments;  // start: the signer's, as dealer
  std::string box_key;                 // start: the signer's X25519 session key (32 bytes)
  std::uint32_t recipient = 0;         // sealed: whom the share is sealed to
  std::string sealed_sha256;           // sealed: SHA-256 (hex) of the sealed box
  std::uint32_t dealer = 0;            // complaint: the dealer accused
  std::string transcript;              // finish: dkg_transcript_digest the signer computed
  std::optional<secure::CollectiveKey> key;  // finish: the collective key the signer derived
};

// Statement texts (compact JSON, "type": "oncoshare.dkg.<step>.v1"), signed as they are.
[[nodiscard]] std::string dkg_start_text(const DkgHeader& header, const secure::DkgCommitments& commitments,
                                         std::string_view box_key);
[[nodiscard]] std::string dkg_sealed_text(const DkgHeader& header, std::uint32_t recipient, std::string_view sealed);
[[nodiscard]] std::string dkg_complaint_text(const DkgHeader& header, std::uint32_t dealer);
[[nodiscard]] std::string dkg_finish_text(const DkgHeader& header, std::string_view transcript,
                                          const secure::CollectiveKey& key);

// Ok when participant `name` signed `statement`; else an error naming the node.
using DkgVerifier = std::function<core::Status(std::string_view name, const SignedStatement& statement)>;

// `item` = {"statement": text, "signature": base64}, a `step` statement of the key
// generation `session` describes (same session, participants and threshold), from the
// participant at `signer` (0: any index), signed by that participant. Errors (check_failed)
// name the node and what failed, e.g. "the signature of node 'site_2' does not verify".
[[nodiscard]] core::Result<DkgStatement> read_dkg_statement(const nlohmann::json& item, DkgStep step,
                                                            const DkgHeader& session, std::uint32_t signer,
                                                            const DkgVerifier& verify);
// The same for a list of `step` statements of every participant, in index order.
[[nodiscard]] core::Result<std::vector<DkgStatement>> read_dkg_statements(const nlohmann::json& items, DkgStep step,
                                                                          const DkgHeader& session,
                                                                          const DkgVerifier& verify);

// {"statement": text, "signature": base64}: how statements travel.
[[nodiscard]] nlohmann::json to_json(const SignedStatement& statement);
// Ok when `claim` (a sealed statement) signs the box `sealed` (base64) for the participant at
// `recipient`; else names the dealer and the recipient.
[[nodiscard]] core::Status check_sealed(const DkgStatement& claim, std::uint32_t recipient, std::string_view sealed);

// What every participant must have seen: SHA-256 (hex) over the start statements in index
// order and the complaint statements ordered by (accuser, dealer), texts only.
[[nodiscard]] std::string dkg_transcript_digest(std::span<const DkgStatement> starts,
                                                std::span<const DkgStatement> complaints);
// The commitments and complaints of the statements, as secure::derive_collective_key takes them.
[[nodiscard]] std::vector<secure::DkgCommitments> dkg_commitments(std::span<const DkgStatement> starts);
[[nodiscard]] std::vector<secure::DkgComplaint> dkg_complaints(std::span<const DkgStatement> complaints);

// Ok when `finish` reports `transcript` and `key`; else "node 'x' reports another
// transcript" / "... another collective key".
[[nodiscard]] core::Status check_same_result(const DkgStatement& finish, std::string_view transcript,
                                             const secure::CollectiveKey& key);

}  // namespace oncoshare::node
