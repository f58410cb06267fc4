// What a node signs about the SecAgg keys it advertises for one model round, and how a node
// or the researcher's tool checks another participant's advertisement: it counts only when
// the node the participant list names at its index signed it for this very round (same
// aggregation, researcher, participant list, threshold and round request). So a researcher
// cannot play a participant itself (docs/threat-model.md, adversary A).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "node/roster.hpp"
#include "secure/secagg_messages.hpp"

namespace oncoshare::node {

// One secure aggregation as every participant must see it.
struct RoundContext {
  std::string aggregation;
  std::string researcher;                 // the CN of the researcher who runs the round
  std::vector<std::string> participants;  // index i+1 = participants[i]
  std::uint32_t threshold = 0;
  std::string round_digest;               // round_digest() of the advertise request
  friend bool operator==(const RoundContext&, const RoundContext&) = default;
};

// The statement (compact JSON, "type": "oncoshare.secagg_advertisement.v1").
struct AdvertisementClaim {
  RoundContext round;
  std::string node;         // the signer's certificate CN
  std::uint32_t index = 0;  // its index in round.participants
  std::string keys_digest;  // keys_digest() of the advertised keys
  std::int64_t time = 0;    // Unix seconds
};

// SHA-256 (hex) of what the round computes: {dataset, model, filter, round} of the advertise
// request (absent fields as null). Equal for every participant asked the same round.
[[nodiscard]] std::string round_digest(const nlohmann::json& request);
// SHA-256 (hex) of the keys' wire form (secagg_codec.hpp).
[[nodiscard]] std::string keys_digest(const secure::AdvertiseKeys& keys);

[[nodiscard]] std::string statement_text(const AdvertisementClaim& claim);
// Errors (bad_input) name the missing or mistyped field.
[[nodiscard]] core::Result<AdvertisementClaim> parse_advertisement(std::string_view text);

// Keys with their node's signed statement. Wire form {"advertise": secagg_advertise,
// "statement": text, "signature": base64}; statement and signature may be absent (unsigned).
struct SignedAdvertisement {
  secure::AdvertiseKeys keys;
  SignedStatement statement;
};
[[nodiscard]] nlohmann::json to_json(const SignedAdvertisement& advertisement);
[[nodiscard]] core::Result<SignedAdvertisement> parse_signed_advertisement(const nlohmann::json& json);

// Checks that `statement` was signed by node `name` (a roster, or a certificate).
using SignatureCheck = std::function<core::Status(const std::string& name, const SignedStatement& statement)>;

// Ok when `advertisement` is signed by the node `round` names at its index and states this
// round, that index and name, and these keys. Else a check_failed naming the participant:
// "advertisement of participant 2 ('site_2'): <what failed>".
[[nodiscard]] core::Status verify_advertisement(const SignedAdvertisement& advertisement, const RoundContext& round,
                                                const SignatureCheck& check_signature);

}  // namespace oncoshare::node
