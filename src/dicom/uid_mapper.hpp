// Keyed replacement UIDs: the same original UID and key always give the same new UID, so
// references between files (study, series, frame of reference, referenced instances) stay
// consistent, and without the key the original cannot be recovered or confirmed.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "privacy/pseudonym.hpp"

namespace oncoshare::dicom {

// The HMAC input is this prefix (its terminating NUL included) followed by the original UID.
inline constexpr std::string_view kUidDomain{"oncoshare dicom uid\0", 20};

using Uuid = std::array<std::uint8_t, 16>;

// The first 16 bytes of HMAC-SHA256(key, kUidDomain + original) with the RFC 9562 version 8
// (custom) and variant bits set.
[[nodiscard]] Uuid uid_uuid(const privacy::Key& key, std::string_view original);

// The decimal digits of a 128-bit big-endian unsigned value (no leading zeros; "0" for 0).
[[nodiscard]] std::string uuid_decimal(const Uuid& value);

// "2.25." + uuid_decimal(uid_uuid(key, original)) (PS3.5 B.2: a UUID as a UID), at most
// 44 characters. Deterministic; thread-safe.
[[nodiscard]] std::string mapped_uid(const privacy::Key& key, std::string_view original);

}  // namespace oncoshare::dicom
