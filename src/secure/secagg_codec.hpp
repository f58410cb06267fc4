// Wire format of the secure-aggregation messages, in the style of codec.hpp: compact JSON,
// sorted keys, a "type" tag, indices as integers, keys / ciphertexts / shares / ring elements
// as standard padded base64 of fixed-size encodings (ring elements: 16 bytes little-endian).
// Parsing is strict (exact keys, ranges, lengths, canonical scalars, ascending owner lists);
// a failure is a bad_input core::Error naming the field. Structural checks only: whether a
// message belongs to this aggregation and round is decided by the roles in secagg.hpp.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "secure/secagg_messages.hpp"

namespace oncoshare::secure {

[[nodiscard]] std::string serialize(const AdvertiseKeys& message);
[[nodiscard]] std::string serialize(const EncryptedShares& message);
[[nodiscard]] std::string serialize(const MaskedInput& message);
[[nodiscard]] std::string serialize(const UnmaskRequest& message);
[[nodiscard]] std::string serialize(const UnmaskShares& message);  // reveals shares: confidential channel

[[nodiscard]] core::Result<AdvertiseKeys> parse_advertise_keys(std::string_view json);
[[nodiscard]] core::Result<EncryptedShares> parse_encrypted_shares(std::string_view json);
[[nodiscard]] core::Result<MaskedInput> parse_masked_input(std::string_view json);
[[nodiscard]] core::Result<UnmaskRequest> parse_unmask_request(std::string_view json);
[[nodiscard]] core::Result<UnmaskShares> parse_unmask_shares(std::string_view json);

}  // namespace oncoshare::secure
