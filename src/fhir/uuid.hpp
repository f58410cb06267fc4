// Name-based UUIDs (version 5, SHA-1; RFC 4122 section 4.3 / RFC 9562 section 5.5), so the
// same patient and source always give the same resource id.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace oncoshare::fhir {

using UuidBytes = std::array<std::uint8_t, 16>;

// The namespace of every oncoshare resource id: 5b0c4a53-6f0e-5d1b-9c3e-0c05c0a5e001
// (a fixed value; changing it changes every id ever written).
inline constexpr UuidBytes kOncoshareNamespace = {0x5b, 0x0c, 0x4a, 0x53, 0x6f, 0x0e, 0x5d, 0x1b,
                                                  0x9c, 0x3e, 0x0c, 0x05, 0xc0, 0xa5, 0xe0, 0x01};

// UUIDv5 of `name` in `name_space`, lower-case 8-4-4-4-12 hex.
[[nodiscard]] std::string uuid_v5(const UuidBytes& name_space, std::string_view name);

}  // namespace oncoshare::fhir
